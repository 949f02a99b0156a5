import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { streamIdOf } from '../../src/domain/streams.js';
import { type Cluster, call, type Instance, startCluster } from './instances.js';

/**
 * Three real server processes on one store (the SQLite file here; EventStoreDB when
 * EVENTSTORE_URL is set): keys, idempotency and scope must hold across instances, not only
 * inside one (docs/operations.md, Several ledger instances).
 */

const Created = z.object({ id: z.string() });
const KeyMade = z.object({ key: z.object({ keyId: z.string() }), token: z.string() });

async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('three instances on one store', () => {
  let cluster: Cluster;
  let a: Instance;
  let b: Instance;
  let c: Instance;
  let admin: string;

  beforeAll(async () => {
    cluster = await startCluster(3);
    [a, b, c] = cluster.instances as [Instance, Instance, Instance];
    admin = cluster.adminToken;
  }, 90_000);
  afterAll(async () => cluster?.close());

  it('a key made through A works on B and C within a second, and a revoke through C stops it on A', async () => {
    // When an admin makes a viewer key through A
    const made = await call(a, admin, 'POST', '/keys', { name: 'board secretary', role: 'viewer' });
    expect(made.status).toBe(201);
    const { key, token } = KeyMade.parse(made.json());
    // Then B and C accept it within a second
    const onB = await within(
      1000,
      'B accepts the new key',
      async () => (await call(b, token, 'GET', '/plans')).status === 200,
    );
    const onC = await within(
      1000,
      'C accepts the new key',
      async () => (await call(c, token, 'GET', '/plans')).status === 200,
    );
    expect(Math.max(onB, onC)).toBeLessThan(1000);
    // When it is revoked through C
    expect((await call(c, admin, 'POST', `/keys/${key.keyId}/revoke`)).status).toBe(200);
    // Then A refuses it within a second, saying it was revoked
    await within(
      1000,
      'A refuses the revoked key',
      async () => (await call(a, token, 'GET', '/plans')).status === 401,
    );
    expect((await call(a, token, 'GET', '/plans')).text).toContain('revoked');
  });

  it('the same Idempotency-Key sent to A and B at once appends one event, and both answers are identical', async () => {
    // Given one request, sent twice at the same moment through two instances
    const body = { title: 'BTP Inspection 2010', inspectorate: 'HMIC', effectiveOn: '2010-11-01' };
    const key = { 'idempotency-key': `register-btp-${Date.now()}` };
    const [fromA, fromB] = await Promise.all([
      call(a, admin, 'POST', '/inspections', body, key),
      call(b, admin, 'POST', '/inspections', body, key),
    ]);
    // Then both are 201 with the same bytes and ETag
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(fromB.text).toBe(fromA.text);
    expect(fromB.etag).toBe(fromA.etag);
    // And the store holds exactly one event for it
    const { id } = Created.parse(fromA.json());
    expect(await cluster.store.readStream(streamIdOf('inspection', id))).toHaveLength(1);
    // And the same key with another body, through the third instance, is a 422
    const reused = await call(c, admin, 'POST', '/inspections', { ...body, title: 'Another' }, key);
    expect(reused.status).toBe(422);
    expect(await cluster.store.readStream(streamIdOf('inspection', id))).toHaveLength(1);
  });

  it('a contributor racing a transfer never writes to an item outside its scope', async () => {
    // Given two portfolio plans, an item in Territorial Policing and a TP contributor
    const inspection = Created.parse(
      (
        await call(a, admin, 'POST', '/inspections', {
          title: 'Race',
          inspectorate: 'HMIC',
          effectiveOn: '2010-11-01',
        })
      ).json(),
    ).id;
    const plan = async (portfolio: string) =>
      Created.parse(
        (
          await call(a, admin, 'POST', '/plans', {
            inspectionId: inspection,
            portfolio,
            effectiveOn: '2010-11-02',
          })
        ).json(),
      ).id;
    const tp = await plan('Territorial Policing');
    const ps = await plan('Protective Services');
    const itemId = Created.parse(
      (
        await call(a, admin, 'POST', '/items', {
          inspectionId: inspection,
          planId: tp,
          ref: 'AFI.1',
          kind: 'area-for-improvement',
          text: 'Improve it',
          dueDate: '2011-06-30',
          effectiveOn: '2010-11-03',
        })
      ).json(),
    ).id;
    const contributor = KeyMade.parse(
      (
        await call(a, admin, 'POST', '/keys', {
          name: 'tp',
          role: 'contributor',
          portfolios: ['Territorial Policing'],
        })
      ).json(),
    );
    await within(
      1000,
      'B knows the contributor',
      async () => (await call(b, contributor.token, 'GET', '/plans')).status === 200,
    );
    // When the contributor keeps posting updates through B while a manager moves the item back and forth through C
    const statuses: number[] = [];
    const updates = (async () => {
      for (let i = 0; i < 40; i++) {
        const r = await call(b, contributor.token, 'POST', `/items/${itemId}/updates`, {
          text: `update ${i}`,
          effectiveOn: '2011-05-02',
        });
        statuses.push(r.status);
      }
    })();
    // A transfer C refuses (its read model a step behind, or a 409 against B's writes) is tried
    // again: the race needs the item to really move, however loaded the machine is.
    const transfers = (async () => {
      let inTp = true;
      for (let done = 0, tries = 0; done < 10 && tries < 400; tries++) {
        const toPlanId = inTp ? ps : tp;
        const r = await call(c, admin, 'POST', `/items/${itemId}/transfer`, {
          toPlanId,
          effectiveOn: '2011-05-02',
        });
        if (r.status === 201) {
          inTp = !inTp;
          done++;
        }
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await Promise.all([updates, transfers]);
    // Then every update the contributor wrote landed while the item was in a TP plan
    let planId = tp;
    let written = 0;
    let moved = 0;
    for (const event of await cluster.store.readStream(streamIdOf('item', itemId))) {
      const data = z.object({ toPlanId: z.string().optional() }).parse(event.data);
      if (event.type === 'TransferredBetweenPortfolios' && data.toPlanId) {
        planId = data.toPlanId;
        moved++;
      }
      if (event.type === 'UpdatePosted' && event.actor.id === contributor.key.keyId) {
        written++;
        expect(planId, `update at revision ${event.revision}`).toBe(tp);
      }
    }
    expect(moved).toBeGreaterThanOrEqual(2);
    expect(written).toBeGreaterThan(0);
    // And the refusals were 403 (out of scope) or 409 (moved meanwhile), never a 5xx
    expect(written).toBe(statuses.filter((s) => s === 201).length);
    expect(statuses.every((s) => s === 201 || s === 403 || s === 409)).toBe(true);
  }, 60_000);
});
