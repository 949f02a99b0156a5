import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { ConcurrencyError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvents, tempDir, uniqueStreamId } from './factories.js';

const WRITER = fileURLToPath(new URL('./fixtures/group-commit-writer.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const Line = z.union([
  z.strictObject({ ready: z.literal(true), commitsOn: z.enum(['this thread', 'write thread']) }),
  z.strictObject({ streamId: z.string(), ack: z.array(z.string()) }),
]);

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir('plan-ledger-group-commit-');
});
afterEach(() => dir.remove());

/** Runs the 16-writer process until it has acknowledged `acks` appends (and a little more), then SIGKILLs it. */
function killWhileWriting(
  path: string,
  round: number,
  acks: number,
  commitsOn: CommitsOn,
): Promise<Map<string, string[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, String(round), commitsOn], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, string[]>();
    let count = 0;
    let buffer = '';
    let err = '';
    let killing = false;
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
    });
    child.stdout.on('data', (chunk) => {
      buffer += String(chunk);
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const text of lines) {
        const line = Line.parse(JSON.parse(text));
        if (!('ack' in line)) {
          // The process commits where this round asked it to (its fsyncs are the ones cut).
          if (line.commitsOn !== commitsOn.replace('-', ' '))
            reject(new Error(`writer commits on ${line.commitsOn}`));
          continue;
        }
        acked.set(line.streamId, [...(acked.get(line.streamId) ?? []), ...line.ack]);
        if (++count >= acks && !killing) {
          killing = true;
          // A random moment shortly after: mid-batch, mid-fsync or between batches.
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
        }
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || count < acks)
        reject(new Error(`writer ended (${signal}) after ${count} acks: ${err}`));
      else resolve(acked);
    });
  });
}

type CommitsOn = 'this-thread' | 'write-thread';

describe.each<CommitsOn>(['this-thread', 'write-thread'])(
  'SQLite group commit, committing on %s',
  (commitsOn) => {
    const open = (path: string) => openSqliteStore({ path, commitThread: commitsOn === 'write-thread' });

    it('given 16 appends at once, when committed, then they share commits and each is answered with its own events', async () => {
      const store = open(join(dir.dir, 'ledger.sqlite'));
      const streams = Array.from({ length: 16 }, () => uniqueStreamId('group'));
      const before = store.commitStats;
      const results = await Promise.all(
        streams.map((s) => store.append(s, newEvents(2), { expectedRevision: 'no_stream' })),
      );
      const after = store.commitStats;
      expect(results.map((r) => r.events.map((e) => e.streamId))).toEqual(streams.map((s) => [s, s]));
      expect(after.appends - before.appends).toBe(16);
      expect(after.commits - before.commits).toBeLessThan(16);
      await store.close();
      const reopened = open(join(dir.dir, 'ledger.sqlite'));
      for (const s of streams) expect(await reopened.streamRevision(s)).toBe(1);
      await reopened.close();
    });

    it('given a conflict inside a batch, then only that append fails and the rest of the batch is committed', async () => {
      const store = open(join(dir.dir, 'ledger.sqlite'));
      const contested = uniqueStreamId('contested');
      const other = uniqueStreamId('other');
      const settled = await Promise.allSettled([
        store.append(contested, newEvents(1), { expectedRevision: 'no_stream' }),
        store.append(contested, newEvents(1), { expectedRevision: 'no_stream' }),
        store.append(other, newEvents(3), { expectedRevision: 'no_stream' }),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(settled[1]?.status === 'rejected' && settled[1].reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.streamRevision(contested)).toBe(0);
      expect(await store.streamRevision(other)).toBe(2);
      expect((await verifyLedger(store)).ok).toBe(true);
      await store.close();
    });

    it('given 16 concurrent writers SIGKILLed at random moments, then no acknowledged append is lost or doubled', async () => {
      const path = join(dir.dir, 'ledger.sqlite');
      let total = 0;
      for (let round = 0; round < 3; round++) {
        const acked = await killWhileWriting(path, round, 150, commitsOn);
        const store = open(path);
        for (const [streamId, ids] of acked) {
          const stored = (await store.readStream(streamId)).map((e) => e.eventId);
          // Every acknowledged event, in order, exactly once; a commit the kill cut short may
          // have landed too (written, never acknowledged), never the reverse.
          expect(stored.slice(0, ids.length), streamId).toEqual(ids);
          expect(new Set(stored).size).toBe(stored.length);
          total += ids.length;
        }
        const report = await verifyLedger(store);
        expect(report.ok, JSON.stringify(report.firstFailure)).toBe(true);
        await store.close();
      }
      expect(total).toBeGreaterThanOrEqual(3 * 150);
      // Three writer processes, each starting tsx (and on the write thread, a thread loading it
      // again): 20-30 s on a loaded 2-core machine.
    }, 120_000);
  },
);
