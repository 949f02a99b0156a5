import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempDir } from '../store/factories.js';

/**
 * The quick start's promise, tested as a user runs it: `npm start` on an empty data directory
 * serves /health and the raw ledger with the sample plan, in global order, with envelopes.
 */

const Envelope = z.object({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  revision: z.number(),
  position: z.number(),
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.string().endsWith('Z'),
  actor: z.object({ id: z.string() }),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
  data: z.unknown(),
});
const Page = z.object({
  events: z.array(Envelope),
  headPosition: z.number(),
  nextPosition: z.number().nullable(),
});

describe('npm start on a fresh data directory', () => {
  let server: ChildProcess;
  let output = '';
  let baseUrl = '';
  let adminKey = '';
  let dir: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    dir = await tempDir('plan-ledger-start-');
    server = spawn('npm', ['start', '--silent'], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: '0', LEDGER_DB: join(dir.dir, 'ledger.sqlite'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const key = /(plk_[A-Za-z0-9_-]+)/.exec(output);
        const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(output);
        if (key?.[1] && url?.[1]) {
          adminKey = key[1];
          baseUrl = url[1];
          resolve();
        }
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
    await ready;
  }, 60_000);

  afterAll(async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await dir.remove();
  });

  it('then /health answers ok without a key', async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = z.object({ status: z.literal('ok'), headPosition: z.number() }).parse(await res.json());
    expect(body.headPosition).toBeGreaterThan(50);
  });

  it('then GET /events lists the sample plan in global order, each event with its envelope', async () => {
    const res = await fetch(`${baseUrl}/events?limit=1000`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(200);
    const page = Page.parse(await res.json());
    expect(page.events.length).toBe(page.headPosition + 1);
    expect(page.events.map((e) => e.position)).toEqual(page.events.map((_, i) => i));
    expect(page.events[0]?.type).toBe('InspectionRegistered');
    expect(page.events.filter((e) => e.type === 'RecommendationReceived')).toHaveLength(12);
    expect(output).toMatch(/Loaded the sample plan: \d+ events/);
  });

  it('then reading the ledger without a key is refused with a problem document', async () => {
    const res = await fetch(`${baseUrl}/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
