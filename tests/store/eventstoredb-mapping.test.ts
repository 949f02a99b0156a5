import {
  DeadlineExceededError,
  NO_STREAM,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/errors.js';
import { ulidToUuid, uuidToUlid } from '../../src/store/eventstoredb-ids.js';
import {
  currentRevisionToNumber,
  isLedgerStream,
  isStreamNotFound,
  isTransientConnectionError,
  LEDGER_STREAM_REGEX,
  numberToPosition,
  positionToNumber,
  revisionToNumber,
  toConcurrencyError,
  wireExpectedRevision,
} from '../../src/store/eventstoredb-mapping.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Any valid ULID: first character 0-7 (128 bits), then 25 Crockford characters. */
const anyUlid = fc
  .tuple(
    fc.constantFrom(...'01234567'),
    fc.array(fc.constantFrom(...CROCKFORD), { minLength: 25, maxLength: 25 }),
  )
  .map(([head, tail]) => head + tail.join(''));

describe('ULID ↔ UUID', () => {
  it('given known values, when mapped, then the bits are spelled in the other notation', () => {
    expect(ulidToUuid('00000000000000000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    expect(ulidToUuid('7ZZZZZZZZZZZZZZZZZZZZZZZZZ')).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
    expect(ulidToUuid('00000000000000000000000001')).toBe('00000000-0000-0000-0000-000000000001');
    expect(uuidToUlid('00000000-0000-0000-0000-000000000020')).toBe('00000000000000000000000010');
  });

  it('given any ULID, when mapped to a UUID and back, then it is unchanged (lossless)', () => {
    fc.assert(
      fc.property(anyUlid, (id) => {
        const uuid = ulidToUuid(id);
        expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(uuidToUlid(uuid)).toBe(id);
      }),
    );
  });

  it('given any UUID in either case, when mapped to a ULID and back, then it is unchanged in lower case', () => {
    fc.assert(
      fc.property(fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }), fc.boolean(), (uuid, upper) => {
        const ulidValue = uuidToUlid(upper ? uuid.toUpperCase() : uuid);
        expect(ulidToUuid(ulidValue)).toBe(uuid.toLowerCase());
      }),
    );
  });

  it('given ids generated over time, when mapped, then UUIDs sort like the ULIDs (time order kept)', () => {
    const ids = [ulid(1_000), ulid(2_000), ulid(3_000_000_000_000)];
    const uuids = ids.map(ulidToUuid);
    expect([...uuids].sort()).toEqual(uuids);
  });

  it('given malformed input, when mapped, then it is refused rather than guessed', () => {
    expect(() => ulidToUuid('8ZZZZZZZZZZZZZZZZZZZZZZZZZ')).toThrow(/not a ULID/);
    expect(() => ulidToUuid('0000000000000000000000000I')).toThrow(/not a ULID/);
    expect(() => uuidToUlid('not-a-uuid')).toThrow(/not a UUID/);
    expect(() => uuidToUlid('00000000000000000000000000000000')).toThrow(/not a UUID/);
  });
});

describe('revisions', () => {
  it('given a caller revision, when put on the wire, then it is exact (no_stream for a new stream)', () => {
    expect(wireExpectedRevision(-1)).toBe(NO_STREAM);
    expect(wireExpectedRevision(0)).toBe(0n);
    expect(wireExpectedRevision(41)).toBe(41n);
  });

  it('given a bigint revision, when read, then it becomes a number, refusing values beyond 2^53', () => {
    expect(revisionToNumber(0n)).toBe(0);
    expect(revisionToNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => revisionToNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => revisionToNumber(-1n)).toThrow(RangeError);
  });

  it('given the server current revision, when mapped, then a missing stream is -1', () => {
    expect(currentRevisionToNumber(NO_STREAM)).toBe(-1);
    expect(currentRevisionToNumber(7n)).toBe(7);
  });
});

describe('positions', () => {
  it('given an implicit-transaction position, when mapped both ways, then it round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(positionToNumber(numberToPosition(n))).toBe(n);
      }),
    );
  });

  it('given a position past 2^53 or from an explicit transaction, when mapped, then it is refused', () => {
    const big = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    expect(() => positionToNumber({ commit: big, prepare: big })).toThrow(/2\^53/);
    expect(() => positionToNumber({ commit: 200n, prepare: 100n })).toThrow(/explicit transaction/);
    expect(() => numberToPosition(-1)).toThrow(RangeError);
    expect(() => numberToPosition(1.5)).toThrow(RangeError);
  });
});

describe('errors', () => {
  it('given a wrong-expected-version error, when mapped, then it is a ConcurrencyError with the caller expectation', () => {
    const existing = new WrongExpectedVersionError(undefined, {
      streamName: 'item-1',
      expected: 3n,
      current: 5n,
    });
    const error = toConcurrencyError('item-1', 3, existing);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'item-1', expected: 3, actual: 5, status: 409 });

    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'item-2',
      expected: NO_STREAM,
      current: NO_STREAM,
    });
    expect(toConcurrencyError('item-2', 'stream_exists', missing)).toMatchObject({
      expected: 'stream_exists',
      actual: -1,
    });
  });

  it('given client errors, when classified, then only connection failures are transient', () => {
    expect(isTransientConnectionError(new UnavailableError())).toBe(true);
    expect(isTransientConnectionError(new DeadlineExceededError())).toBe(true);
    expect(isTransientConnectionError(new UnknownError())).toBe(false);
    expect(isTransientConnectionError(new Error('boom'))).toBe(false);
    expect(isTransientConnectionError(new StreamNotFoundError(undefined, 'x'))).toBe(false);
  });

  it('given a stream-not-found error, when classified, then it means an empty stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'item-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});

describe('which streams are the ledger', () => {
  it('given stream names, when classified, then system and id-claim streams are not ledger streams', () => {
    const regex = new RegExp(LEDGER_STREAM_REGEX);
    for (const name of ['item-01H', 'plan-x', 'test-abc']) {
      expect(isLedgerStream(name)).toBe(true);
      expect(regex.test(name)).toBe(true);
    }
    for (const name of ['$settings', '$$item-1', '$ce-item', 'ledger-event-id-01H']) {
      expect(isLedgerStream(name)).toBe(false);
      expect(regex.test(name)).toBe(false);
    }
  });
});
