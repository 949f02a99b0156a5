import { describe, expect, it } from 'vitest';
import { instantMs } from '../../projections/instant-ms.js';

describe('instantMs: Date.parse of the ledger instants by arithmetic', () => {
  it('given 20,000 instants spread over years 0000 to 9999 (leap days, month ends, midnight), then each equals Date.parse', () => {
    const low = Date.parse('0000-01-01T00:00:00.000Z');
    const high = Date.parse('9999-12-31T23:59:59.999Z');
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const instants = Array.from({ length: 20_000 }, () =>
      new Date(low + Math.floor(random() * (high - low))).toISOString(),
    );
    instants.push('2012-02-29T23:59:59.999Z', '2011-03-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z');
    instants.push('1969-12-31T23:59:59.999Z', '2000-02-28T12:00:00.000Z', '2100-03-01T00:00:00.001Z');
    for (const text of instants) expect([text, instantMs(text)]).toEqual([text, Date.parse(text)]);
  });

  it('given text in any other shape, then it is what Date.parse says', () => {
    for (const text of [
      '2011-05-10T10:00:00Z',
      '2011-05-10T10:00:00.000+01:00',
      '2011-05-10',
      '2011-13-10T10:00:00.000Z',
      '2011-05-1xT10:00:00.000Z',
      '2011-02-30T10:00:00.000Z',
      '2011-05-10T24:00:00.000Z',
      'yesterday at noon, roughly',
      '',
    ])
      expect([text, instantMs(text)]).toEqual([text, Date.parse(text)]);
  });
});
