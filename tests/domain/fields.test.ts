import { describe, expect, it } from 'vitest';
import { BusinessDate } from '../../src/domain/fields.js';

describe('BusinessDate', () => {
  const ok = (value: string) => BusinessDate.safeParse(value).success;

  it('given real calendar days, when parsed, then accepted', () => {
    for (const day of ['2011-04-27', '2012-02-29', '2000-02-29', '1999-12-31', '0100-01-01', '9999-12-31'])
      expect(ok(day), day).toBe(true);
  });

  it('given days no calendar has, when parsed, then refused as not a real calendar date', () => {
    for (const day of ['2011-02-29', '1900-02-29', '2011-04-31', '2011-13-01', '2011-00-10', '2011-05-00']) {
      const parsed = BusinessDate.safeParse(day);
      expect(parsed.success, day).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toEqual(['is not a real calendar date']);
    }
  });

  it('given years 0-99 (which a Date reads as 1900-1999), when parsed, then refused', () => {
    expect(ok('0050-01-01')).toBe(false);
    expect(ok('0099-12-31')).toBe(false);
  });

  it('given another shape, when parsed, then the shape is named', () => {
    for (const day of ['2011-5-1', '2011-05-1a', '20110501', ' 2011-05-01', '2011-05-01T00:00']) {
      const parsed = BusinessDate.safeParse(day);
      expect(parsed.success, day).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toContain('must be a calendar date YYYY-MM-DD');
    }
  });
});
