import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { inclusionProof, MerkleAccumulator, verifyInclusion } from '../../src/lib/merkle.js';
import { eventHash, GENESIS_HASH, type HashedFields } from '../../src/store/hash-chain.js';

/**
 * The published test vector (docs/operations.md, "Hash test vector"): an event in, its
 * canonical bytes and hash out, and the next event of the stream chained to it. Anyone
 * re-implementing the verifier checks against these; a change to what the hash covers or how
 * it is serialised changes them, and fails here.
 */
const FIRST: HashedFields = {
  eventId: '01HZX3K8Q2V7M4N6P8R0S2T4W6',
  type: 'UpdatePosted',
  schemaVersion: 1,
  streamId: 'item-01HZX3K8Q2V7M4N6P8R0S2T4W7',
  revision: 0,
  effectiveOn: '2011-04-27',
  recordedAt: '2011-04-27T09:30:00.000Z',
  actor: { id: 'k01', method: 'api-key', requestId: 'req-1', claimedName: null },
  correlationId: 'req-1',
  causationId: null,
  data: { itemId: '01HZX3K8Q2V7M4N6P8R0S2T4W7', text: 'Evidence sent to HMIC £ “quoted”' },
  prevHash: GENESIS_HASH,
};
const CANONICAL =
  '{"actor":{"claimedName":null,"id":"k01","method":"api-key","requestId":"req-1"},"causationId":null,"correlationId":"req-1","data":{"itemId":"01HZX3K8Q2V7M4N6P8R0S2T4W7","text":"Evidence sent to HMIC £ “quoted”"},"effectiveOn":"2011-04-27","eventId":"01HZX3K8Q2V7M4N6P8R0S2T4W6","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","recordedAt":"2011-04-27T09:30:00.000Z","revision":0,"schemaVersion":1,"streamId":"item-01HZX3K8Q2V7M4N6P8R0S2T4W7","type":"UpdatePosted"}';
const FIRST_HASH = 'b0453d8c884aca1f90ea8431e264637a79afeb54e583bd04d778ceefdd949ec0';
const SECOND_HASH = '87bd7c950c83a96361a04ff35180aeb3f4ac6d439419d0238ef081976ccba4e2';
const ROOT_OF_TWO = '7f9af9c1cad450e1f504aae0c54fa7801f48b78c197477be208c32405ad7f842';

const second = (): HashedFields => ({
  ...FIRST,
  revision: 1,
  recordedAt: '2011-04-27T09:31:00.000Z',
  prevHash: FIRST_HASH,
});

describe('hash test vectors', () => {
  it('given the published event, its canonical bytes and hash are exactly the published ones', () => {
    expect(canonicalJson(FIRST)).toBe(CANONICAL);
    expect(eventHash(FIRST)).toBe(FIRST_HASH);
    expect(eventHash(second())).toBe(SECOND_HASH);
  });

  it('given the two events, the RFC 6962 root and inclusion paths are the published ones', () => {
    const tree = new MerkleAccumulator();
    for (const h of [FIRST_HASH, SECOND_HASH]) tree.add(Buffer.from(h, 'hex'));
    expect(tree.root().toString('hex')).toBe(ROOT_OF_TWO);
    const leaves = [FIRST_HASH, SECOND_HASH].map((h) => Buffer.from(h, 'hex'));
    const path = inclusionProof(1, leaves);
    expect(verifyInclusion(1, 2, leaves[1]!, Buffer.from(ROOT_OF_TWO, 'hex'), path)).toBe(true);
    expect(verifyInclusion(0, 2, leaves[1]!, Buffer.from(ROOT_OF_TWO, 'hex'), path)).toBe(false);
  });

  // Each field the hash must cover, changed alone, changes the hash (a hash that stopped
  // covering effectiveOn, recordedAt or actor would pass every other test).
  const changes: [string, Partial<HashedFields>][] = [
    ['eventId', { eventId: '01HZX3K8Q2V7M4N6P8R0S2T4W8' }],
    ['type', { type: 'RagChanged' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['streamId', { streamId: 'item-01HZX3K8Q2V7M4N6P8R0S2T4W8' }],
    ['revision', { revision: 3 }],
    ['effectiveOn', { effectiveOn: '2011-04-28' }],
    ['recordedAt', { recordedAt: '2011-04-27T09:30:00.001Z' }],
    ['actor', { actor: { ...FIRST.actor, id: 'k02' } }],
    ['actor.claimedName', { actor: { ...FIRST.actor, claimedName: 'Chief Constable' } }],
    ['correlationId', { correlationId: 'req-2' }],
    ['causationId', { causationId: 'line 4' }],
    ['data', { data: { itemId: '01HZX3K8Q2V7M4N6P8R0S2T4W7', text: 'Evidence sent to HMIC' } }],
    ['prevHash', { prevHash: SECOND_HASH }],
  ];
  it.each(changes)('when %s alone changes, the hash changes', (_field, change) => {
    expect(eventHash({ ...FIRST, ...change })).not.toBe(eventHash(FIRST));
  });
});
