import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { GENESIS_HASH } from '../../src/store/hash-chain.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from './factories.js';

const WORKER = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DURATION_MS = 3000;
const SHARED_STREAMS = ['shared-0', 'shared-1', 'shared-2'];

const WorkerLine = z.union([
  z.object({ ack: z.array(z.string()), streamId: z.string() }),
  z.object({
    summary: z.object({
      name: z.string(),
      acks: z.number(),
      conflicts: z.number(),
      retries: z.number(),
      failedRetries: z.number(),
    }),
  }),
]);
type WorkerLine = z.infer<typeof WorkerLine>;

/** Runs one worker process to completion and parses what it printed. */
function runWorker(path: string, name: string): Promise<WorkerLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, path, name, String(DURATION_MS), SHARED_STREAMS.join(','), '2'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker ${name} exited with ${code}: ${err}`));
      resolve(
        out
          .split('\n')
          .filter(Boolean)
          .map((line) => WorkerLine.parse(JSON.parse(line))),
      );
    });
  });
}

function byStream(events: RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  return streams;
}

describe('SqliteEventStore shared by two processes', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    temp = await tempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('stores every acknowledged event exactly once, gapless, with conflicts on shared streams', async () => {
    // given one file and two writer processes racing on shared streams and writing their own
    const path = join(temp.dir, 'ledger.db');
    await openSqliteStore({ path }).close();
    // when both run concurrently for a few seconds
    const started = performance.now();
    const outputs = await Promise.all([runWorker(path, 'a'), runWorker(path, 'b')]);
    const elapsedMs = Math.round(performance.now() - started);
    const lines = outputs.flat();
    const acked = lines.flatMap((line) => ('ack' in line ? line.ack : []));
    const summaries = lines.flatMap((line) => ('summary' in line ? [line.summary] : []));
    const store = openSqliteStore({ path });
    const stored = await store.readAll();
    await store.close();
    console.log(
      `two-process: ${elapsedMs} ms, ${acked.length} events acknowledged,`,
      summaries
        .map((s) => `${s.name}: ${s.acks} appends, ${s.conflicts} conflicts, ${s.retries} retries`)
        .join('; '),
    );

    // then every acknowledged event is stored exactly once, and nothing else is
    expect(summaries).toHaveLength(2);
    expect(acked.length).toBeGreaterThan(100);
    expect(new Set(acked).size).toBe(acked.length);
    expect(stored.map((e) => e.eventId).sort()).toEqual([...acked].sort());
    // and positions are gapless from 0
    expect(stored.map((e) => e.position)).toEqual(stored.map((_, i) => i));
    // and every stream has gapless revisions and an unbroken hash chain across both writers
    for (const [streamId, events] of byStream(stored)) {
      expect(
        events.map((e) => e.revision),
        streamId,
      ).toEqual(events.map((_, i) => i));
      expect(events.map((e) => e.prevHash)).toEqual([
        GENESIS_HASH,
        ...events.slice(0, -1).map((e) => e.hash),
      ]);
    }
    // and each acknowledged batch sits at consecutive revisions of the stream it was acked for
    const place = new Map(stored.map((e) => [e.eventId, e]));
    for (const line of lines) {
      if (!('ack' in line)) continue;
      const revisions = line.ack.map((id) => place.get(id)?.revision ?? -1);
      expect(revisions).toEqual(revisions.map((_, i) => (revisions[0] ?? -1) + i));
      expect(line.ack.every((id) => place.get(id)?.streamId === line.streamId)).toBe(true);
    }
    // and both writers really raced: conflicts happened, retried batches were no-ops
    expect(summaries.every((s) => s.acks > 0)).toBe(true);
    expect(summaries.reduce((n, s) => n + s.conflicts, 0)).toBeGreaterThan(0);
    expect(summaries.reduce((n, s) => n + s.retries, 0)).toBeGreaterThan(0);
    expect(summaries.every((s) => s.failedRetries === 0)).toBe(true);
    for (const output of outputs) {
      expect(output.some((line) => 'ack' in line && SHARED_STREAMS.includes(line.streamId))).toBe(true);
    }
  });
});
