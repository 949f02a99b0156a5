import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTANT, isInstant, isUlid, ULID } from '../../src/store/row-formats.js';

/** A string built from `alphabet`, `length` characters, each picked by the generator. */
const over = (alphabet: string, length: number) =>
  fc
    .array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength: length, maxLength: length })
    .map((picks) => picks.map((i) => alphabet[i]).join(''));

const DIGITS = '0123456789';
/** Instants as written, and every way of getting one character wrong: digits past their range, days past a month's end, leap days, separators. */
const instantLike = fc
  .tuple(
    over(DIGITS, 4),
    over(DIGITS, 2),
    over(DIGITS, 2),
    over(DIGITS, 2),
    over(DIGITS, 2),
    over(DIGITS, 2),
    over(DIGITS, 3),
    fc.constantFrom('Z', 'Z', 'Z', 'z', '+', ''),
    fc.constantFrom('T', 'T', 'T', ' ', 't'),
    fc.constantFrom('-', '-', '-', '/'),
  )
  .map(([y, mo, d, h, mi, s, ms, z, t, dash]) => `${y}${dash}${mo}-${d}${t}${h}:${mi}:${s}.${ms}${z}`);
const realInstant = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

describe('row formats: the replay row checks by character codes', () => {
  it('given any string of ULID-like characters, then isUlid answers as the ULID pattern', () => {
    const ulidLike = fc.oneof(
      over('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 26),
      over('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabz-', 26),
      fc.string({ minLength: 24, maxLength: 28 }),
      fc.string({ minLength: 25, maxLength: 27, unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(ulidLike, (text) => isUlid(text) === ULID.test(text)),
      { numRuns: 20_000 },
    );
    expect(isUlid('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(true);
    expect(isUlid('81ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(false);
    expect(isUlid('01ARZ3NDEKTSV4RRFFQ69G5FAU')).toBe(false);
  });

  it('given instants and near-instants, then isInstant answers as the instant pattern (leap days and month ends too)', () => {
    fc.assert(
      fc.property(fc.oneof(instantLike, realInstant, fc.string({ maxLength: 26 })), (text) => {
        expect(isInstant(text)).toBe(INSTANT.test(text));
      }),
      { numRuns: 50_000 },
    );
    for (const [text, ok] of [
      ['2024-02-29T10:00:00.000Z', true],
      ['2023-02-29T10:00:00.000Z', false],
      ['2023-04-31T10:00:00.000Z', false],
      ['2023-12-31T23:59:59.999Z', true],
      ['2023-12-28T24:00:00.000Z', false],
      ['2023-00-10T10:00:00.000Z', false],
      ['2023-10-00T10:00:00.000Z', false],
      ['2023-10-10T10:00:00.000+00:00', false],
    ] as const)
      expect([text, isInstant(text)]).toEqual([text, ok]);
  });
});
