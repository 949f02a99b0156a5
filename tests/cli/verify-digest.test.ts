import path from 'node:path';
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { digestCommand } from '../../src/cli/commands/digest.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadSampleIfEmpty } from '../../src/sample/load-sample.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvents, tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

const Digest = z.object({ treeSize: z.number(), rootHash: z.string() });

describe('ledger verify and ledger digest', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let db: string;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-cli-verify-');
    db = path.join(dir.dir, 'ledger.sqlite');
    const store = openSqliteStore({ path: db });
    await loadSampleIfEmpty(store, { newId: ulid });
    await store.close();
  });
  afterEach(async () => dir.remove());

  const run = async (command: typeof verifyCommand, args: string[]) => {
    const io = bufferIo();
    const quiet = command === verifyCommand ? ['--quiet'] : [];
    const code = await command.run([...args, '--db', db, ...quiet], io);
    return { code, out: io.out() };
  };

  it('given an untouched ledger, verify exits 0 and prints the same digest as `digest`', async () => {
    const verified = await run(verifyCommand, []);
    const digest = Digest.parse(JSON.parse((await run(digestCommand, ['--json'])).out));
    expect(verified.code).toBe(EXIT.ok);
    expect(verified.out).toContain(`root ${digest.rootHash}`);
    expect(verified.out).toMatch(/OK: \d+ events in \d+ streams/);
  });

  it('given a digest taken on a board date, when events are added later, the old digest is proved consistent', async () => {
    const old = Digest.parse(JSON.parse((await run(digestCommand, ['--json'])).out));
    const store = openSqliteStore({ path: db });
    await store.append('late-stream', newEvents(3), { expectedRevision: 'no_stream' });
    await store.close();
    const proved = await run(digestCommand, ['--prove-from', String(old.treeSize), '--root', old.rootHash]);
    expect(proved.code).toBe(EXIT.ok);
    expect(proved.out).toMatch(/^CONSISTENT/);
  });

  it('when an early event is rewritten behind the ledger, verify names it and the old digest no longer proves', async () => {
    const old = Digest.parse(JSON.parse((await run(digestCommand, ['--json'])).out));
    const raw = new Database(db);
    const victim = z
      .object({ event_id: z.string() })
      .parse(raw.prepare('SELECT event_id FROM events WHERE position = 5').get());
    raw.prepare("UPDATE events SET data = json_set(data, '$.title', 'rewritten') WHERE position = 5").run();
    raw.close();

    const verified = await run(verifyCommand, ['--json']);
    expect(verified.code).toBe(EXIT.failure);
    expect(
      z.object({ firstFailure: z.object({ eventId: z.string() }) }).parse(JSON.parse(verified.out))
        .firstFailure.eventId,
    ).toBe(victim.event_id);
    // An operator who also rehashed the event would pass the chain check; the digest still catches it
    const raw2 = new Database(db);
    raw2.prepare('UPDATE events SET hash = ? WHERE position = 5').run('a'.repeat(64));
    raw2.close();
    const proved = await run(digestCommand, ['--prove-from', String(old.treeSize), '--root', old.rootHash]);
    expect(proved.code).toBe(EXIT.failure);
    expect(proved.out).toMatch(/^NOT CONSISTENT/);
  });

  it('given a path with no ledger, verify says so and exits with not-found', async () => {
    const io = bufferIo();
    await expect(verifyCommand.run(['--db', path.join(dir.dir, 'missing.sqlite')], io)).rejects.toThrow(
      /There is no ledger/,
    );
  });
});
