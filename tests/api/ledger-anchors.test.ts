import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/app/ledger-proofs.js';
import { SignedDigest, signatureHolds } from '../../src/app/signed-digest.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { verifyConsistency, verifyInclusion } from '../../src/lib/merkle.js';
import { eventHash } from '../../src/store/hash-chain.js';
import { bufferIo } from '../cli/buffer-io.js';
import { bearer, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

const hex = (h: string) => Buffer.from(h, 'hex');

describe('anchored digests: signed, proven, recorded by board reports, checked by verify --against', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  const get = async (url: string) =>
    ledger.app.inject({ method: 'GET', url, headers: bearer(ledger.tokens.viewer) });

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  it('given a viewer, GET /ledger/digest is the Merkle root now, signed by the key GET /ledger/public-key names', async () => {
    const digest = SignedDigest.parse((await get('/ledger/digest')).json());
    const key = (await get('/ledger/public-key')).json();
    const head = await ledger.store.headPosition();
    expect(digest).toMatchObject({ treeSize: head + 1, headPosition: head, keyId: key.keyId });
    expect(digest.rootHash).toBe((await computeDigest(ledger.store)).rootHash);
    expect(signatureHolds(digest, key.publicKeyPem)).toBe(true);
    // One digit changed and the signature no longer holds
    expect(signatureHolds({ ...digest, treeSize: digest.treeSize - 1 }, key.publicKeyPem)).toBe(false);
  });

  it('given an old digest, the consistency proof shows today’s ledger extends it, and each event’s inclusion proof holds', async () => {
    const old = SignedDigest.parse((await get('/ledger/digest')).json());
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
      text: 'after the old digest',
      effectiveOn: '2011-05-02',
    });
    const now = SignedDigest.parse((await get('/ledger/digest')).json());
    const proof = (await get(`/ledger/consistency?from=${old.treeSize}`)).json();
    expect(proof.newSize).toBe(now.treeSize);
    expect(
      verifyConsistency(
        old.treeSize,
        now.treeSize,
        hex(old.rootHash),
        hex(now.rootHash),
        proof.proof.map(hex),
      ),
    ).toBe(true);
    const event = await ledger.store.readAt(2);
    const inclusion = (await get('/events/2/proof')).json();
    expect(inclusion.eventHash).toBe(event?.hash);
    expect(
      verifyInclusion(
        inclusion.index,
        inclusion.treeSize,
        hex(event!.hash),
        hex(inclusion.rootHash),
        inclusion.proof.map(hex),
      ),
    ).toBe(true);
    expect((await get(`/ledger/consistency?from=${now.treeSize + 5}`)).statusCode).toBe(400);
    expect((await get('/events/99999/proof')).statusCode).toBe(404);
  });

  it('when a report is presented to a board, it records the ledger digest at that moment', async () => {
    const before = await computeDigest(ledger.store);
    const answer = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Police Authority',
      boardDate: '2011-05-20',
      planIds: [ids.tpPlanId],
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().events[0].data.ledgerDigest).toEqual(before);
  });

  describe('ledger verify --against a saved digest', () => {
    const runAgainst = async (digestFile: string, extra: string[] = []) => {
      const io = bufferIo();
      const code = await verifyCommand.run(
        ['--against', digestFile, '--db', join(ledger.dir, 'ledger.sqlite'), '--json', ...extra],
        io,
      );
      return { code, report: JSON.parse(io.out()) };
    };
    const saveDigest = async (name: string) => {
      const file = join(ledger.dir, name);
      writeFileSync(file, (await get('/ledger/digest')).body);
      const keyFile = join(ledger.dir, 'public.pem');
      writeFileSync(keyFile, (await get('/ledger/public-key')).json().publicKeyPem);
      return { file, keyFile };
    };

    it('given an untouched ledger (and later appends), the saved digest is consistent and its signature valid', async () => {
      const { file, keyFile } = await saveDigest('digest-ok.json');
      await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
        text: 'later',
        effectiveOn: '2011-05-03',
      });
      const { code, report } = await runAgainst(file, ['--public-key', keyFile]);
      expect(report).toMatchObject({ consistent: true, signature: 'valid' });
      expect(code).toBe(EXIT.ok);
    });

    it('when the digest file is edited, its signature is invalid', async () => {
      const { file, keyFile } = await saveDigest('digest-edited.json');
      const edited = { ...JSON.parse((await get('/ledger/digest')).body), treeSize: 3 };
      writeFileSync(file, JSON.stringify(edited));
      const { code, report } = await runAgainst(file, ['--public-key', keyFile]);
      expect(report.signature).toBe('invalid');
      expect(code).toBe(EXIT.failure);
    });

    it('when the whole ledger is rewritten and rehashed, verify alone passes but --against catches it', async () => {
      const { file } = await saveDigest('digest-before-rewrite.json');
      // An insider rewrites the first event's text and recomputes every hash and link after it
      const events = await ledger.store.readAll();
      const { default: Database } = await import('better-sqlite3');
      const raw = new Database(join(ledger.dir, 'ledger.sqlite'));
      const lastHash = new Map<string, string>();
      for (const e of events) {
        const data = e.position === 0 ? { ...(e.data as object), title: 'A different inspection' } : e.data;
        const prevHash = lastHash.get(e.streamId) ?? e.prevHash;
        const hash = eventHash({ ...e, data, prevHash });
        raw
          .prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?')
          .run(JSON.stringify(data), prevHash, hash, e.position);
        lastHash.set(e.streamId, hash);
      }
      raw.close();
      const plain = bufferIo();
      expect(await verifyCommand.run(['--db', join(ledger.dir, 'ledger.sqlite'), '--quiet'], plain)).toBe(
        EXIT.ok,
      );
      const { code, report } = await runAgainst(file);
      expect(report.consistent).toBe(false);
      expect(report.reason).toMatch(/changed, moved or deleted/);
      expect(code).toBe(EXIT.failure);
    });
    it('when the ledger’s last event is deleted, verify alone passes but --against names the lost tail', async () => {
      const { file } = await saveDigest('digest-before-delete.json');
      const { default: Database } = await import('better-sqlite3');
      const raw = new Database(join(ledger.dir, 'ledger.sqlite'));
      raw.prepare('DELETE FROM events WHERE position = (SELECT MAX(position) FROM events)').run();
      raw.close();
      expect(
        await verifyCommand.run(['--db', join(ledger.dir, 'ledger.sqlite'), '--quiet'], bufferIo()),
      ).toBe(EXIT.ok);
      const { code, report } = await runAgainst(file);
      expect(report).toMatchObject({
        consistent: false,
        reason: expect.stringMatching(/deleted from its end/),
      });
      expect(code).toBe(EXIT.failure);
    });
  });
});
