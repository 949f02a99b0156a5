import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { parseDocumentText } from '../../../src/import/read/read-document.js';

/** A flat plan table as CSV, one row per item, its dates as given. */
function csv(...dates: Array<[due: string, updated: string]>): string {
  const rows = dates.map(
    ([due, updated], i) =>
      `R.${i + 1},Recommendation ${i + 1},${due},Head of PSD,Work started.,${updated},Territorial Policing`,
  );
  return ['Ref,Recommendation,Due Date,Action Owner,Response,Date of Update,Portfolio', ...rows].join('\n');
}

const read = (text: string) =>
  parseDocumentText(text, 'csv', { source: 'plan.csv', inspection: 'Test' }).document;
const items = (text: string) => read(text).inspections.flatMap((i) => i.plans.flatMap((p) => p.items));

describe('the order of a file’s slash dates', () => {
  it('given only dates that fit either order (every number up to 12), then they are read day first (UK), with no warning about order', () => {
    const doc = read(csv(['3/5/2011', '4/6/2011']));
    expect(doc.inspections[0]?.plans[0]?.items[0]).toMatchObject({
      dueDate: '2011-05-03',
      dateOfUpdate: '2011-06-04',
    });
    expect(doc.warnings.filter((w) => /month first/.test(w.reason))).toEqual([]);
  });

  it('given one date that can only be month first (5/13/2011 on line 3), then every slash date of the file is read month first, and the warning names that line, column and value', () => {
    const doc = read(csv(['3/5/2011', '4/6/2011'], ['5/13/2011', '6/1/2011']));
    expect(
      items(csv(['3/5/2011', '4/6/2011'], ['5/13/2011', '6/1/2011'])).map((i) => [i.dueDate, i.dateOfUpdate]),
    ).toEqual([
      ['2011-03-05', '2011-04-06'],
      ['2011-05-13', '2011-06-01'],
    ]);
    const warning = doc.warnings.find((w) => /month first/.test(w.reason));
    expect(warning?.line).toBe(3);
    expect(warning?.reason).toContain('line 3, column 3 (Due Date) says "5/13/2011"');
  });

  it('given one date proving day first and another proving month first, then the file is refused naming both lines and columns, and what to do', () => {
    const text = csv(['13/5/2011', '4/6/2011'], ['3/5/2011', '6/14/2011']);
    expect(() => read(text)).toThrow(ValidationError);
    expect(() => read(text)).toThrow(
      /line 2, column 3 \(Due Date\) says "13\/5\/2011" \(day first\), but line 3, column 6 \(Date of Update\) says "6\/14\/2011" \(month first\)\. Nothing was imported: write the dates with the month's name/,
    );
  });
});
