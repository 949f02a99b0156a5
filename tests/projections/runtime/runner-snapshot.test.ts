import { mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../../projections/as-of-index.js';
import { boardSummary } from '../../../projections/board-summary.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { SNAPSHOT_FORMAT } from '../../../projections/runtime/snapshot-header.js';
import { givenStoredSeed002 } from './stored-seed.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A store holding the seed 002 log, and a runner that has saved its snapshot once. */
async function givenSavedRunner() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-snapshot-'));
  dirs.push(dir);
  const { store, count } = await givenStoredSeed002(dir);
  const first = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
  await first.start();
  await first.stop();
  const snapshot = join(dir, 'p', 'as-of-index.snapshot');
  /** Starts a second runner on the same folder; what it said about the saved state. */
  const restart = async () => {
    const notices: string[] = [];
    const runner = new ProjectionRunner({ store, dataDir: join(dir, 'p'), onNotice: (m) => notices.push(m) });
    await runner.start();
    return { runner, notices };
  };
  return { dir, store, first, snapshot, count, restart };
}

const summary = (index: AsOfIndex) =>
  boardSummary(index, { asOf: '2011-04-27', knownAt: '2011-04-27T23:59:59.999Z' });

/** Writes `text` over the snapshot's bytes at `at`, keeping its length. */
async function overwrite(snapshot: string, at: number, text: string) {
  const file = await open(snapshot, 'r+');
  await file.write(text, at);
  await file.close();
}

/**
 * Then: the restarted runner refused the snapshot for its checksum, replayed the whole log, and
 * reads as the first runner did.
 */
async function thenRefusedForChecksum(given: Awaited<ReturnType<typeof givenSavedRunner>>) {
  const { runner, notices } = await given.restart();
  expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([0, given.count]);
  expect(notices).toEqual([expect.stringMatching(/checksum does not match.*Rebuilding it from the ledger/)]);
  expect(summary(runner.index)).toEqual(summary(given.first.index));
  await runner.stop();
  await given.store.close();
}

describe('runner snapshot (the index saved whole, validated before use)', () => {
  it('given a saved snapshot, when restarted, then the index comes from it alone and reads the same', async () => {
    const { store, first, count, restart, dir } = await givenSavedRunner();
    expect(await readdir(join(dir, 'p'))).toEqual(['as-of-index.snapshot']);
    const { runner, notices } = await restart();
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([count, 0]);
    expect(notices).toEqual([]);
    expect(summary(runner.index)).toEqual(summary(first.index));
    await runner.stop();
    await store.close();
  });

  it('given a snapshot edited in place (same length), when restarted, then it is refused for its checksum and the log replayed', async () => {
    const given = await givenSavedRunner();
    const bytes = await readFile(given.snapshot);
    const at = bytes.indexOf('AMBER');
    expect(at).toBeGreaterThan(0);
    await overwrite(given.snapshot, at, 'GREEN');
    await thenRefusedForChecksum(given);
  });

  it('given a snapshot whose timelines were edited so that they no longer parse, when restarted, then it is refused for its checksum (checked beside the decoding)', async () => {
    const given = await givenSavedRunner();
    const bytes = await readFile(given.snapshot);
    const end = bytes.length - 8;
    const length = bytes.readUInt32LE(end - 4);
    const header = JSON.parse(bytes.toString('utf8', end - 4 - length, end - 4)) as {
      sections: { name: string; bytes: number }[];
    };
    let at = 0;
    for (const section of header.sections) {
      if (section.name === 'item.timelines.0') break;
      at += section.bytes;
    }
    expect(bytes.toString('latin1', at, at + 1)).toBe('[');
    await overwrite(given.snapshot, at, '{');
    await thenRefusedForChecksum(given);
  });

  it('given a truncated snapshot, when restarted, then it is refused as truncated and the log replayed', async () => {
    const { store, first, snapshot, count, restart } = await givenSavedRunner();
    await truncate(snapshot, Math.floor((await stat(snapshot)).size / 2));
    const { runner, notices } = await restart();
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([0, count]);
    expect(notices).toEqual([expect.stringMatching(/truncated/)]);
    expect(summary(runner.index)).toEqual(summary(first.index));
    await runner.stop();
    // And the replay saved a sound snapshot again.
    const again = await restart();
    expect([again.runner.stats.fromSnapshot, again.notices]).toEqual([count, []]);
    await again.runner.stop();
    await store.close();
  });

  it('given a snapshot of the previous format, when restarted, then it is refused naming both formats and rebuilt', async () => {
    const { store, snapshot, count, restart } = await givenSavedRunner();
    // Rewrite the header (after the body, before its length and trailer) with another format.
    const bytes = await readFile(snapshot);
    const end = bytes.length - 8;
    const length = bytes.readUInt32LE(end - 4);
    const header = JSON.parse(bytes.toString('utf8', end - 4 - length, end - 4));
    const older = SNAPSHOT_FORMAT - 1;
    const head = Buffer.from(JSON.stringify({ ...header, format: older }));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(head.length);
    await writeFile(
      snapshot,
      Buffer.concat([bytes.subarray(0, end - 4 - length), head, size, bytes.subarray(end)]),
    );
    const { runner, notices } = await restart();
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([0, count]);
    expect(notices).toEqual([
      expect.stringContaining(
        `snapshot of format ${older}, and this version reads format ${SNAPSHOT_FORMAT}`,
      ),
    ]);
    await runner.stop();
    // Rebuilt: the next start uses the snapshot the replay saved.
    const again = await restart();
    expect([again.runner.stats.fromSnapshot, again.notices]).toEqual([count, []]);
    await again.runner.stop();
    await store.close();
  });

  it('given the journal an older version saved, when started, then it is refused as an older format, removed, and a snapshot saved', async () => {
    const { store, dir, snapshot, count } = await givenSavedRunner();
    await rm(snapshot);
    await writeFile(
      join(dir, 'p', 'as-of-index.v1.json'),
      JSON.stringify({ name: 'as-of-index', version: 1 }),
    );
    await writeFile(join(dir, 'p', 'as-of-index.v1.ndjson'), '{"eventId":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}\n');
    const notices: string[] = [];
    const runner = new ProjectionRunner({ store, dataDir: join(dir, 'p'), onNotice: (m) => notices.push(m) });
    await runner.start();
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([0, count]);
    expect(notices).toEqual([expect.stringMatching(/older format \(a journal of events/)]);
    await runner.stop();
    expect(await readdir(join(dir, 'p'))).toEqual(['as-of-index.snapshot']);
    await store.close();
  });
});
