import { allPlanSnapshots } from '../../../projections/current-plans.js';
import { readDocumentBytesTraced } from '../../../src/import/read/read-document.js';
import type { ImportReport } from '../../../src/import/record/import-report.js';
import { runImport } from '../../../src/import/record/run-import.js';
import { importer, indexOf, tempLedger } from '../import-fixtures.js';

/** What a user of the ledger sees after an import: every plan now and at each date it holds. */
export interface LedgerView {
  report: ImportReport;
  /** Plan snapshots (header + items) at each business date of the log, and now. */
  snapshots: Record<string, unknown>;
  /** Warnings and skipped lines as the report gives them, for messages. */
  notes: string[];
}

const NOW = { asOf: '2099-12-31', knownAt: '2099-12-31T23:59:59.999Z' };

/** Imports `bytes` into a new SQLite ledger file and reads the plans back through the projections. */
export async function importedView(bytes: Uint8Array, fileName: string): Promise<LedgerView> {
  const ledger = await tempLedger();
  try {
    const { document } = await readDocumentBytesTraced(bytes, fileName);
    const { report } = await runImport(ledger.store, document, { actor: importer(), today: '2026-01-01' });
    const index = await indexOf(ledger.store);
    const dates = new Set<string>();
    for (const r of await ledger.store.readAll()) dates.add(r.effectiveOn);
    const snapshots: Record<string, unknown> = { now: allPlanSnapshots(index, NOW) };
    for (const asOf of [...dates].sort())
      snapshots[asOf] = allPlanSnapshots(index, { asOf, knownAt: NOW.knownAt });
    const notes = [...document.warnings, ...document.skipped].map((n) => `line ${n.line}: ${n.reason}`);
    return { report, snapshots, notes };
  } finally {
    await ledger.close();
  }
}

/** Imports the original, then the variant into the same ledger: the report of the second. */
export async function secondImport(
  original: { bytes: Uint8Array; fileName: string },
  variant: { bytes: Uint8Array; fileName: string },
): Promise<ImportReport> {
  const ledger = await tempLedger();
  try {
    for (const [i, file] of [original, variant].entries()) {
      const { document } = await readDocumentBytesTraced(file.bytes, file.fileName);
      const { report } = await runImport(ledger.store, document, { actor: importer(), today: '2026-01-01' });
      if (i === 1) return report;
    }
    throw new Error('unreachable');
  } finally {
    await ledger.close();
  }
}
