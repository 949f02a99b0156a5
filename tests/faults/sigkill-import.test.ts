import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/factories.js';
import { eventsIn, ledger, ledgerDone, SEED_002, shapes } from './support.js';

describe('SIGKILL of `ledger import` part-way, then the same import run again', () => {
  let dir: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('plan-ledger-sigkill-import-');
  });
  afterAll(() => dir.remove());

  it('given a killed import, the re-run completes it exactly like a clean import, verifies, and a third run appends nothing', async () => {
    const clean = join(dir.dir, 'clean.sqlite');
    const killed = join(dir.dir, 'killed.sqlite');

    // Given an import killed as soon as it starts appending (its first "ledger records written" progress line)
    const first = ledger(['import', SEED_002, '--db', killed, '--progress']);
    const cleanRun = ledgerDone(['import', SEED_002, '--db', clean]);
    const appending = new Promise<void>((done) => {
      const look = () => (/ledger records? written/.test(first.out()) ? done() : undefined);
      first.child.stdout?.on('data', look);
      first.child.stderr?.on('data', look);
    });
    await Promise.race([appending, first.exited]);
    first.child.kill('SIGKILL');
    const ended = await first.exited;
    // Killed mid-way normally; if the import won the race it finished (exit 0): the re-run
    // must then still be a no-op, which the assertions below check just the same.
    if (ended.signal !== 'SIGKILL') console.warn(`import finished before the kill: ${JSON.stringify(ended)}`);
    const before = await eventsIn(killed);

    // When it is run again
    const rerun = await ledgerDone(['import', SEED_002, '--db', killed]);
    expect(rerun.code, rerun.out).toBe(0);

    // Then the ledger holds exactly what a clean import of the same file gives
    const cleanDone = await cleanRun;
    expect(cleanDone.code, cleanDone.out).toBe(0);
    const expected = await eventsIn(clean);
    const after = await eventsIn(killed);
    expect(expected.length).toBeGreaterThan(100);
    expect(after.length).toBe(expected.length);
    expect(shapes(after)).toEqual(shapes(expected));
    // Nothing the killed run committed was rewritten by the re-run
    expect(after.slice(0, before.length).map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    const start = after[0]?.position ?? 0;
    expect(after.map((e) => e.position)).toEqual(after.map((_, i) => start + i));

    // And verify passes
    const verify = await ledgerDone(['verify', '--db', killed]);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toContain(`OK: ${expected.length} events`);

    // And a third run appends nothing
    const third = await ledgerDone(['import', SEED_002, '--db', killed]);
    expect(third.code, third.out).toBe(0);
    expect(third.out).toMatch(/^ {2}facts: 0 new, 0 written, /m);
    expect((await eventsIn(killed)).length).toBe(expected.length);
    console.info(
      `killed after ${before.length} of ${expected.length} events (${ended.signal ?? ended.code})`,
    );
  }, 60_000);
});
