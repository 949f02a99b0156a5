// Imports files one after another (dry run, into a new SQLite ledger) in a process of its own
// and prints what happened to each, so the peak memory stated is that of reading these files
// (resourceUsage().maxRSS after each one; it only grows, so each file's cost is its increase).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readDocumentBytesTraced } from '../../../src/import/read/read-document.js';
import { runImport } from '../../../src/import/record/run-import.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
const store = openSqliteStore({ path: join(dir, 'ledger.sqlite') });
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const outcomes = [];
for (const path of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(path));
  const before = peakMb();
  const started = performance.now();
  let refusal: string | null = null;
  try {
    const { document } = await readDocumentBytesTraced(bytes, basename(path));
    const { report } = await runImport(store, document, {
      actor: { id: 'test', method: 'import', requestId: null, claimedName: null },
      dryRun: true,
    });
    if (report.status === 'failed')
      refusal = report.failures.map((f) => `${f.rule}: ${f.message}`).join('; ');
  } catch (e) {
    refusal = `${e instanceof Error ? e.constructor.name : 'Error'}: ${e instanceof Error ? e.message : String(e)}`;
  }
  outcomes.push({
    file: basename(path),
    ms: performance.now() - started,
    refusal,
    beforeMb: before,
    peakMb: peakMb(),
  });
}
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(outcomes));
