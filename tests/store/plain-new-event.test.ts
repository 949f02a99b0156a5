import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateBasis } from '../../src/domain/provenance.js';
import { NewEventInput, prepareAppend } from '../../src/store/append-rules.js';
import { plainNewEvent, seenParts } from '../../src/store/plain-new-event.js';
import { newEvent } from './factories.js';

const ULID_CHARS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Values near every bound the append schema sets, and some of the wrong type. */
const short = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 3 }), weight: 20 },
  fc.constantFrom('x'.repeat(200), 'x'.repeat(201), ''),
);
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: arb, weight: 12 }, fc.constantFrom(null, undefined, 7, {}, '2011-02-30'));
/** Rarely with a member the schema does not know. */
const withExtra = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, fc.nat(30)).map(([o, n]) => (n === 0 ? { ...o, extra: 1 } : o));
const ulid = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('0', '7', '8'),
        fc.string({ unit: fc.constantFrom(...ULID_CHARS), minLength: 25, maxLength: 25 }),
      )
      .map(([a, b]) => a + b),
    weight: 20,
  },
  fc.constantFrom('01arz3ndektsv4rrffq69g5fav', ''),
);
const integer = fc.oneof(
  fc.integer({ min: -2, max: 20_000 }),
  fc.constantFrom(1.5, 2 ** 60, Number.NaN, '1'),
);
const provenance = withExtra(
  fc.record(
    {
      digest: fc.oneof(
        { arbitrary: fc.constant('a'.repeat(64)), weight: 20 },
        fc.constantFrom('A'.repeat(64), 'ab'),
      ),
      fileName: fc.oneof(short, fc.constant('f'.repeat(255)), fc.constant('f'.repeat(256))),
      sheet: maybe(short),
      line: maybe(integer),
      column: maybe(fc.record({ number: integer, title: maybe(short) }, { requiredKeys: ['number'] })),
      dateStated: maybe(fc.boolean()),
      dateFrom: maybe(fc.constantFrom(...DateBasis.options, 'guessed')),
    },
    { requiredKeys: ['digest', 'fileName', 'sheet', 'line', 'column', 'dateStated', 'dateFrom'] },
  ),
);
const actor = withExtra(
  fc.record(
    {
      id: short,
      method: fc.oneof(
        { arbitrary: fc.constantFrom('api-key', 'cli', 'import', 'system'), weight: 20 },
        fc.constant('robot'),
      ),
      requestId: maybe(short),
      claimedName: maybe(short),
    },
    { requiredKeys: ['id', 'method', 'requestId', 'claimedName'] },
  ),
);
const event = withExtra(
  fc.record(
    {
      eventId: ulid,
      effectiveOn: fc.oneof(
        { arbitrary: fc.constantFrom('2011-04-27', '2012-02-29'), weight: 20 },
        fc.constantFrom('2011-02-29', '11-04-27', 7),
      ),
      actor: maybe(actor),
      correlationId: maybe(short),
      causationId: maybe(short),
      provenance: maybe(provenance),
      type: maybe(short),
      schemaVersion: integer,
      data: fc.jsonValue(),
    },
    {
      requiredKeys: [
        'eventId',
        'effectiveOn',
        'actor',
        'correlationId',
        'causationId',
        'type',
        'schemaVersion',
        'data',
      ],
    },
  ),
);

describe('the plain envelope check on append (the fast path of the schema parse)', () => {
  it('given any event, valid or not, what the plain check accepts the schema accepts with the same values, the same key order in actor and provenance (their stored text), and a fresh object', () => {
    let accepted = 0;
    fc.assert(
      fc.property(event, (raw) => {
        const plain = plainNewEvent(raw, seenParts());
        const parsed = NewEventInput.safeParse(raw);
        if (plain === null) return;
        accepted++;
        expect(parsed.success).toBe(true);
        expect(plain).toEqual(parsed.data);
        expect(JSON.stringify(plain.actor)).toBe(JSON.stringify(parsed.data?.actor));
        expect(JSON.stringify(plain.provenance)).toBe(JSON.stringify(parsed.data?.provenance));
        expect(plain).not.toBe(raw);
        expect(plain.actor).not.toBe(raw.actor);
      }),
      { numRuns: 4000 },
    );
    // The generator reaches the fast path often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(20);
  });

  it('given an ordinary event with provenance, the plain check takes it (no schema parse needed)', () => {
    const raw = newEvent({
      provenance: {
        digest: 'a'.repeat(64),
        fileName: 'plan.csv',
        sheet: null,
        line: 12,
        column: { number: 3, title: 'Due Date' },
        dateStated: true,
        dateFrom: 'stated',
      },
    });
    expect(plainNewEvent(raw, seenParts())).toEqual(NewEventInput.parse(raw));
  });

  it('given an append whose second event has a bad field, then the same error as before naming the event and field', () => {
    const good = newEvent();
    const bad = { ...newEvent(), effectiveOn: '2011-02-30' };
    expect(() => prepareAppend('s-1', [good, bad], 'any')).toThrowError(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'events.1.effectiveOn' })] }),
    );
  });
});
