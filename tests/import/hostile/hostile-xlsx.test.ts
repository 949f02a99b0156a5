import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { readDocumentBytesTraced } from '../../../src/import/read/read-document.js';

async function xlsxBytes(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Plan'));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Reads `bytes` as an XLSX upload; returns the error, the time taken and the peak RSS seen. */
async function attempt(bytes: Uint8Array) {
  const started = performance.now();
  const error = await readDocumentBytesTraced(bytes, 'upload.xlsx').then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

describe('hostile XLSX files are refused quickly, in bounded memory', () => {
  it('given one cell at GR200000 (a tiny file), then it is refused naming sheet and row, within 5 s', async () => {
    const bytes = await xlsxBytes((sheet) => {
      sheet.getCell('A1').value = 'Ref';
      sheet.getCell('GR200000').value = 'far away';
    });
    expect(bytes.length).toBeLessThan(10_000);
    const { error, ms, peakRssMb } = await attempt(bytes);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^sheet "Plan", row 200000: more than 50,000 rows/);
    expect(ms).toBeLessThan(5000);
    // Stated for the report: the whole test process's peak, not only this read.
    console.info(
      `far-cell XLSX refused in ${Math.round(ms)} ms; process peak RSS ${Math.round(peakRssMb)} MB`,
    );
    expect(peakRssMb).toBeLessThan(1024);
  });

  it('given a cell far to the right (column 1000), then it is refused naming the column', async () => {
    const bytes = await xlsxBytes((sheet) => {
      sheet.getRow(2).getCell(1000).value = 'x';
    });
    const { error } = await attempt(bytes);
    expect((error as Error).message).toMatch(/row 2: a cell in column 1000, past the 200 columns/);
  });

  it('given random bytes or a truncated workbook named .xlsx, then a ValidationError saying it is not a readable workbook', async () => {
    const good = await xlsxBytes((sheet) => {
      sheet.getCell('A1').value = 'Ref';
    });
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    for (const bytes of [good.slice(0, Math.floor(good.length / 2)), random]) {
      const { error, ms } = await attempt(bytes);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/not a readable XLSX workbook/);
      expect(ms).toBeLessThan(5000);
    }
  });
});
