import { describe, expect, it } from 'vitest';
import { type SeedId, seedText } from '../helpers.js';
import { importedView, type LedgerView, secondImport } from './ledger-view.js';
import {
  bom,
  crlf,
  emptyColumnAfterRef,
  emptyColumnsNamedAndAtEnd,
  respelledDates,
  sheetPerPortfolioXlsx,
  swappedColumns,
  totalsRows,
  type Variant,
  wholePaperCsv,
  wholePaperXlsx,
} from './make-variants.js';
import { monthFirstDates } from './refusal-variants.js';

/** Every variant of a seed, built from its text export by the factories. */
async function variantsOf(id: SeedId): Promise<Variant[]> {
  const seed = seedText(id);
  const variants = [
    crlf(seed),
    bom(seed),
    emptyColumnAfterRef(seed),
    emptyColumnsNamedAndAtEnd(seed),
    // Rows without a ref (000, 001) are known by their wording, so totals under an earlier
    // table, moving every row below down, leave them the same items.
    totalsRows(seed, 'every table'),
    // Seed 000's rows slipped in the export (5 cells under 10 titles): swapping columns of rows
    // that are not where their titles are says nothing about a spreadsheet with swapped columns.
    ...(id === '000' ? [] : [swappedColumns(seed, 'Due Date', 'Action Owner')]),
    respelledDates(seed, 'numeric'),
    respelledDates(seed, 'ordinal'),
    // Read month first, consistently, with a warning naming the line that proves it.
    monthFirstDates(seed),
    wholePaperCsv(seed),
    await wholePaperXlsx(seed),
  ];
  if (id === '002' || id === '004') variants.push(await sheetPerPortfolioXlsx(seed));
  return variants;
}

const originals = new Map<SeedId, Promise<LedgerView>>();
function originalView(id: SeedId): Promise<LedgerView> {
  let view = originals.get(id);
  if (!view) {
    view = importedView(new TextEncoder().encode(seedText(id)), 'paper.txt');
    originals.set(id, view);
  }
  return view;
}

describe.each(['002', '004', '000', '001'] as const)('seed %s saved or retyped another way', (id) => {
  it('given each variant, when imported into an empty ledger, then every plan reads the same now and at every date the paper holds; and importing the original after it appends nothing', async () => {
    const original = await originalView(id);
    expect(original.report.status).toBe('imported');
    for (const variant of await variantsOf(id)) {
      const view = await importedView(variant.bytes, variant.fileName);
      // Each of these is read as the same plans (none is refused today; a refusal would have to
      // name its line, and exit 0 with other content is what this test exists to catch).
      expect(view.report.status, `${variant.name}: ${JSON.stringify(view.report.failures)}`).toBe('imported');
      expect(view.snapshots, `${variant.name}:\n${view.notes.join('\n')}`).toEqual(original.snapshots);
      const again = await secondImport(
        { bytes: variant.bytes, fileName: variant.fileName },
        {
          bytes: new TextEncoder().encode(seedText(id)),
          fileName: 'paper.txt',
        },
      );
      expect(again.status, variant.name).toBe('unchanged');
    }
  }, 240_000);
});
