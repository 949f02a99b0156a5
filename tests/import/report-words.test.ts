import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../src/import/read/read-document.js';
import { decidePlan } from '../../src/import/record/decide-plan.js';
import { planImport } from '../../src/import/record/import-plan.js';
import { type ImportReport, renderReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { ISO_DATE, ULID } from '../domain/decider-spec.js';
import { readSeed, SEED_FILES, SEED_IDS, SEEDS_DIR } from './helpers.js';
import { importer, tempLedger } from './import-fixtures.js';

/** Every sentence of a report a person reads: notes, warnings, skipped lines, corrections, failures. */
const sentences = (r: ImportReport) => [
  ...r.skipped.map((n) => n.message),
  ...r.warnings.map((n) => n.message),
  ...r.notes.map((n) => n.message),
  ...r.corrections.map((c) => c.message),
  ...r.failures.map((f) => f.message),
];

describe('every line of an import report, over all four seeds, in the reader’s terms', () => {
  const reports: ImportReport[] = [];
  let close: () => Promise<void>;

  beforeAll(async () => {
    // Given the four seed papers imported, one after another, into one ledger (the CLI's path)
    const ledger = await tempLedger();
    close = ledger.close;
    for (const id of SEED_IDS) {
      const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES[id]));
      reports.push(
        (await runImport(ledger.store, document, { actor: importer(), today: '2026-12-01' })).report,
      );
    }
  });
  afterAll(() => close());

  it('then each note, warning and skipped line names its file and its line, and carries no id and no ISO date', () => {
    expect(reports.map((r) => r.status)).toEqual(['imported', 'imported', 'imported', 'imported']);
    for (const [i, r] of reports.entries()) {
      const file = SEED_FILES[SEED_IDS[i] ?? '000'];
      const notes = [...r.skipped, ...r.warnings, ...r.notes];
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(n.message.startsWith(`${file}, line ${n.line}: `), n.message).toBe(true);
      for (const s of sentences(r)) {
        expect(s, s).not.toMatch(ULID);
        expect(s, s).not.toMatch(ISO_DATE);
      }
    }
  });

  it('then no note repeats its own line ("line 9: line 9: …") or says "1 lines"', () => {
    for (const s of reports.flatMap(sentences)) {
      expect(s).not.toMatch(/line (\d+): line \1\b/);
      expect(s).not.toMatch(/\b1 lines\b/);
    }
  });

  it('then the printed report lists each note as "FILE, line N: …"', () => {
    const printed = renderReport(reports[3] as ImportReport).split('\n');
    const listed = printed.filter((l) => /^ {2}\S/.test(l) && /, line \d+: /.test(l));
    expect(listed.length).toBe(
      (reports[3]?.skipped.length ?? 0) +
        (reports[3]?.warnings.length ?? 0) +
        (reports[3]?.notes.length ?? 0),
    );
    for (const l of listed)
      expect(l).toMatch(new RegExp(`^ {2}${SEED_FILES['004'].replace('.', '\\.')}, line \\d+: `));
    expect(printed.join('\n')).not.toMatch(ISO_DATE);
  });
});

describe('one failure per row, over all four seeds', () => {
  it.each(SEED_IDS)(
    'given seed %s with every item received after its own facts, when decided, then each refused row is ONE failure naming its file, every refused fact and one cause, in words',
    (id) => {
      const { document } = readSeed(id);
      const plan = planImport(document, { today: '2026-12-01' });
      // Every item received in 2030: each fact of its row (owners, response, updates, RAG,
      // completion) is now dated before the item exists, and is refused for that one reason.
      const streams = plan.streams.map((s) => ({
        ...s,
        commands: s.commands.map((c) =>
          c.command.type === 'ReceiveRecommendation' ? { ...c, effectiveOn: '2030-01-01' } : c,
        ),
      }));
      const { failures } = decidePlan({ ...plan, streams }, new Map(), {
        actor: importer(),
        correlationId: 'import:words',
      });
      expect(failures.length).toBeGreaterThan(0);
      const lines = failures.map((f) => f.line);
      expect(new Set(lines).size, 'at most one failure per source line').toBe(lines.length);
      // Rows whose several facts were refused together: one failure lists them all.
      const merged = failures.filter((f) => (f.refused?.length ?? 0) > 1);
      expect(merged.length).toBeGreaterThan(0);
      for (const f of failures) {
        expect(f.message.startsWith(`${SEED_FILES[id]}, line ${f.line}`), f.message).toBe(true);
        expect(f.message).not.toMatch(ULID);
        expect(f.message).not.toMatch(ISO_DATE);
        expect(f.message).toContain('1 January 2030');
        // The one cause, once.
        expect((f.message.match(/was received/g) ?? []).length, f.message).toBe(1);
        expect(f.rule).toBe('item.effective_before_received');
        expect(f.refused?.every((r) => r.rule === 'item.effective_before_received')).toBe(true);
      }
      const [first] = merged;
      expect(first?.message).toMatch(
        /could not be recorded: (each is dated|\d+ \w+ \d{4} is) before .* was received \(1 January 2030\)\./,
      );
    },
  );
});
