import { describe, expect, it } from 'vitest';
import { neutralise } from '../../src/exports/csv.js';
import { parseCsv } from './parse-csv.js';

describe('CSV formula-injection escaping', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'given a cell starting %j, when written, then it is prefixed with an apostrophe',
    (text) => {
      expect(neutralise(text)).toBe(`'${text}`);
    },
  );

  it.each(['Training 80% complete', 'AFI.10', "'already quoted", ' =not first'])(
    'given the ordinary text %j, when written, then it is unchanged',
    (text) => {
      expect(neutralise(text)).toBe(text);
    },
  );

  it('given quotes, commas and line breaks, when parsed back, then the fields round-trip', () => {
    expect(parseCsv('a,"b ""c"", d","e\r\nf"\r\n1,2,3\r\n')).toEqual([
      ['a', 'b "c", d', 'e\r\nf'],
      ['1', '2', '3'],
    ]);
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/quote/);
  });
});
