import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { Provenance } from '../../src/domain/provenance.js';
import { readDocument } from '../../src/import/read/read-document.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, type SeedId } from './helpers.js';
import { importer, tempLedger } from './import-fixtures.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The date an update's own text opens with ("Update 24 April 2015 - …"), read here independently. */
function headDate(text: string): string | null {
  const m = /^(?:-\s+)?(?:Update\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(m[1]).padStart(2, '0')}`;
}

async function importedSeed(id: SeedId) {
  const file = path.join(SEEDS_DIR, SEED_FILES[id]);
  const ledger = await tempLedger();
  const document = await readDocument(file);
  await runImport(ledger.store, document, { actor: importer() });
  const events = await ledger.store.readAll();
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  return { ledger, events, digest };
}

const ofType = (events: readonly RecordedEvent[], type: string) => events.filter((e) => e.type === type);

describe('provenance of imported events', () => {
  let seed004: Awaited<ReturnType<typeof importedSeed>>;
  let seed002: Awaited<ReturnType<typeof importedSeed>>;
  beforeAll(async () => {
    seed004 = await importedSeed('004');
    seed002 = await importedSeed('002');
  });
  afterAll(async () => {
    await seed004.ledger.close();
    await seed002.ledger.close();
  });

  it('given seed 004 imported by its path, then every event names the file (no directory) and the digest of its bytes', () => {
    expect(seed004.events.length).toBeGreaterThan(0);
    for (const event of seed004.events) {
      const provenance = Provenance.parse(event.provenance);
      expect(provenance.fileName).toBe(SEED_FILES['004']);
      expect(provenance.digest).toBe(seed004.digest);
    }
  });

  it('given an update whose text opens with its date, then its date is stated and is that date', () => {
    const updates = ofType(seed004.events, 'UpdatePosted');
    expect(updates.length).toBeGreaterThan(10);
    for (const event of updates) {
      const text = (event.data as { text: string }).text;
      const written = headDate(text);
      if (written === null) {
        expect(event.provenance?.dateStated).toBe(false);
      } else {
        expect(event.provenance).toMatchObject({ dateStated: true, dateFrom: 'stated' });
        expect(event.effectiveOn).toBe(written);
      }
      expect(event.provenance?.column?.title).toMatch(/update|response/i);
    }
  });

  it("given a RAG status, then it is dated by the row's Date of Update and points at the RAG column of its line", () => {
    const lines = readFileSync(path.join(SEEDS_DIR, SEED_FILES['004']), 'utf8').split('\n');
    for (const event of ofType(seed004.events, 'RagChanged')) {
      expect(event.provenance).toMatchObject({ dateFrom: 'date-of-update', column: { title: 'RAG Status' } });
      const line = event.provenance?.line ?? 0;
      const cells = (lines[line - 1] ?? '').split('\t');
      expect(cells.at(-1)?.trim().toUpperCase()).toBe((event.data as { to: string }).to);
    }
  });

  it('given facts the document does not date (inspection, plans, items, owners), then they are marked imputed from the document start', () => {
    for (const type of ['InspectionRegistered', 'PlanOpened', 'RecommendationReceived', 'OwnerAssigned']) {
      for (const event of ofType(seed004.events, type)) {
        expect(event.provenance).toMatchObject({ dateStated: false, dateFrom: 'document-start' });
      }
    }
  });

  it('given the 002 board paper, then its report is dated by the paper itself, with no line', () => {
    const [report] = ofType(seed002.events, 'BoardReportPresented');
    expect(report?.effectiveOn).toBe('2011-04-27');
    expect(report?.provenance).toMatchObject({ dateStated: true, dateFrom: 'paper-date', line: null });
  });
});
