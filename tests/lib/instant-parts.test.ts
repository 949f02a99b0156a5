import { describe, expect, it } from 'vitest';
import { InstantParts } from '../../src/lib/instant-parts.js';

/** The fields a Date gives for an instant, in InstantParts' names. */
function fieldsOf(text: string) {
  const d = new Date(text);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

describe('InstantParts: the fields of an instant as the ledger writes it', () => {
  it('given instants with days up to the 28th, when read, then each field is what Date reads', () => {
    const parts = new InstantParts();
    for (const text of [
      '2011-05-03T09:30:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '2024-02-28T23:59:59.999Z',
      '0001-12-01T12:00:00.001Z',
      '9999-11-28T00:00:59.500Z',
    ]) {
      expect(parts.read(text)).toBe(true);
      expect({ ...parts }).toEqual(fieldsOf(text));
    }
  });

  it('given days after the 28th, then it leaves them to the caller (not decided, no month lengths assumed)', () => {
    const parts = new InstantParts();
    for (const text of ['2012-02-29T00:00:00.000Z', '2011-01-31T10:00:00.000Z', '2011-04-30T10:00:00.000Z'])
      expect(parts.read(text)).toBe(false);
  });

  it('given any other shape or a field out of range, then it is not read', () => {
    const parts = new InstantParts();
    for (const text of [
      '2011-05-03T09:30:00Z',
      '2011-05-03T09:30:00.000+01:00',
      '2011-05-03 09:30:00.000Z',
      '2011-05-03',
      '2011-00-03T09:30:00.000Z',
      '2011-13-03T09:30:00.000Z',
      '2011-05-00T09:30:00.000Z',
      '2011-05-03T24:00:00.000Z',
      '2011-05-03T09:60:00.000Z',
      '2011-05-03T09:30:60.000Z',
      '2011-05-0xT09:30:00.000Z',
      '+011-05-03T09:30:00.000Z',
      '',
    ])
      expect([text, parts.read(text)]).toEqual([text, false]);
  });
});
