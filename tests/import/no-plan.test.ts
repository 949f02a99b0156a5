import { describe, expect, it } from 'vitest';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { runImport } from '../../src/import/record/run-import.js';
import { importer, tempLedger } from './import-fixtures.js';

describe('a file with no plan is refused, not "unchanged"', () => {
  it.each([
    ['an empty file', 'empty.txt', new Uint8Array()],
    [
      'prose without a plan table',
      'minutes.txt',
      new TextEncoder().encode('Minutes of the meeting.\nApologies: none.\n'),
    ],
    ['binary garbage', 'blob.txt', Uint8Array.from({ length: 2048 }, (_, i) => (i * 31 + 7) % 256)],
  ])(
    'given %s, then the import fails naming the file, and nothing is appended',
    async (_what, name, bytes) => {
      const ledger = await tempLedger();
      try {
        const { document } = await readDocumentBytesTraced(bytes, name);
        const { report } = await runImport(ledger.store, document, { actor: importer() });
        expect(report.status).toBe('failed');
        expect(report.failures.map((f) => f.rule)).toEqual(['import.no_plan']);
        expect(report.failures[0]?.message).toMatch(
          new RegExp(`^${name.replace('.', '\\.')} holds no improvement plan`),
        );
        expect(await ledger.store.headPosition()).toBe(-1);
      } finally {
        await ledger.close();
      }
    },
  );
});
