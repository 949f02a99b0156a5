import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Dockerfile, parsed into its instructions (line continuations joined, comments dropped)
 * and checked for what docs/operations.md promises: a pinned base image, dependencies built in
 * a stage of their own, a non-root runtime user and a health check on /health.
 */
interface Instruction {
  keyword: string;
  args: string;
}

function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** The instructions of each stage, by stage name (or index). */
function stages(instructions: Instruction[]): { from: string; name: string; body: Instruction[] }[] {
  const out: { from: string; name: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', , name = String(out.length)] = instruction.args.split(/\s+/);
      out.push({ from, name, body: [] });
    } else out.at(-1)?.body.push(instruction);
  }
  return out;
}

const text = readFileSync(fileURLToPath(new URL('../../Dockerfile', import.meta.url)), 'utf8');
const instructions = parseDockerfile(text);
const all = stages(instructions);
const runtime = all.at(-1) ?? expect.unreachable();

describe('Dockerfile', () => {
  it('pins the base image to an exact release', () => {
    const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    const image = arg?.args.slice('NODE_IMAGE='.length) ?? '';
    expect(image).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/);
    for (const stage of all) expect(stage.from).toBe(['$', '{NODE_IMAGE}'].join(''));
  });

  it('builds dependencies once, in a stage of their own, and copies only node_modules across', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const deps = all.find((s) => s.body.some((i) => i.keyword === 'RUN' && i.args.includes('npm ci')));
    expect(deps?.name).toBe('deps');
    expect(deps).not.toBe(runtime);
    expect(runtime.body.some((i) => i.args.includes('npm ci') || i.args.includes('npm install'))).toBe(false);
    expect(runtime.body).toContainEqual({
      keyword: 'COPY',
      args: '--from=deps /app/node_modules ./node_modules',
    });
  });

  it('runs as a non-root user, with a health check on /health and the server as its command', () => {
    const users = runtime.body.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const health = runtime.body.find((i) => i.keyword === 'HEALTHCHECK');
    expect(health?.args).toContain('http://127.0.0.1:3000/health');
    const cmd = runtime.body.find((i) => i.keyword === 'CMD');
    expect(JSON.parse(cmd?.args ?? '[]')).toContain('src/server.ts');
  });

  it('parses what it checks: a root user or a missing health check would be seen', () => {
    const bad = stages(parseDockerfile('FROM node:latest\nUSER root\nCMD ["x"]\n'));
    expect(bad.at(-1)?.body.find((i) => i.keyword === 'USER')?.args).toBe('root');
    expect(bad.at(-1)?.body.some((i) => i.keyword === 'HEALTHCHECK')).toBe(false);
  });
});
