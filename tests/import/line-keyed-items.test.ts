import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { runImport } from '../../src/import/record/run-import.js';
import type { EventStore } from '../../src/store/event-store.js';
import { type SeedId, seedText } from './helpers.js';
import { importer, tempLedger } from './import-fixtures.js';

const read = async (text: string) =>
  (await readDocumentBytesTraced(new TextEncoder().encode(text), 'paper.txt')).document;

/**
 * The document as the reader made it before rows without a ref were known by their wording:
 * ref and key `line-N`, nothing else different.
 */
function withLineKeys(document: ParsedDocument): ParsedDocument {
  const copy: ParsedDocument = structuredClone(document);
  for (const item of copy.inspections.flatMap((i) => i.plans.flatMap((p) => p.items))) {
    if (item.lineKey === undefined) continue;
    item.ref = item.lineKey;
    item.key = `${item.kind}/${item.lineKey}`;
    delete item.lineKey;
  }
  return copy;
}

/** What the CLI and server give the importer: the items the ledger lists under some plans. */
function listedItems(store: EventStore) {
  return async (planIds: readonly string[]) =>
    (await store.readAll())
      .filter((e) => e.type === 'RecommendationReceived')
      .map((e) => e.data as { itemId: string; ref: string; planId: string })
      .filter((d) => planIds.includes(d.planId))
      .map(({ itemId, ref, planId }) => ({ itemId, ref, planId }));
}

/** Seed text with a line of prose added above its first plan, moving every row down one line. */
function shifted(id: SeedId): string {
  const lines = seedText(id).split('\n');
  const first = lines.findIndex((l) => /IMPROVEMENT PLAN|Portfolio (Owner|Holder)/.test(l));
  lines.splice(first, 0, 'A note the secretary added above the plan.', '');
  return lines.join('\n');
}

const refless = (document: ParsedDocument) =>
  document.inspections.flatMap((i) => i.plans.flatMap((p) => p.items)).filter((i) => i.lineKey !== undefined);

describe.each(['000', '001'] as const)('seed %s: rows printed without a ref', (id) => {
  it('given the file, then each such row is known by its kind and wording (no-ref-<hash>), keeps its former key, and the reader names its line', async () => {
    const document = await read(seedText(id));
    const rows = refless(document);
    expect(rows.length).toBeGreaterThan(4);
    for (const item of rows) {
      expect(item.ref).toMatch(/^no-ref-[0-9a-f]{8}(-\d+)?$/);
      expect(item.lineKey).toBe(`line-${item.line}`);
      expect(document.warnings).toContainEqual({
        line: item.line,
        reason: expect.stringMatching(
          /^the row has no Ref: it was imported as an item without a ref, known by its wording \(recorded as "no-ref-/,
        ),
      });
    }
    expect(new Set(rows.map((r) => r.ref)).size).toBe(rows.length);
  });

  it('given a line added above the table, then every such row keeps its ref', async () => {
    const before = refless(await read(seedText(id))).map((i) => i.ref);
    const after = refless(await read(shifted(id)));
    expect(after.map((i) => i.ref)).toEqual(before);
    expect(after.map((i) => i.line)).toEqual(refless(await read(seedText(id))).map((i) => i.line + 2));
  });

  it('given a ledger imported when such rows were keyed line-N, when the same file is imported now, then it is unchanged and nothing is appended', async () => {
    const ledger = await tempLedger();
    try {
      const document = await read(seedText(id));
      const first = await runImport(ledger.store, withLineKeys(document), { actor: importer() });
      expect(first.report.status).toBe('imported');
      const head = await ledger.store.headPosition();
      const again = await runImport(ledger.store, document, {
        actor: importer(),
        listedItems: listedItems(ledger.store),
      });
      expect(again.report.status, JSON.stringify(again.report.failures)).toBe('unchanged');
      expect(await ledger.store.headPosition()).toBe(head);
    } finally {
      await ledger.close();
    }
  });

  it('given that line-N ledger, when the file with a line added above the table is imported, then no item is added and none is missing: each row finds its held item by wording', async () => {
    const ledger = await tempLedger();
    try {
      await runImport(ledger.store, withLineKeys(await read(seedText(id))), { actor: importer() });
      const received = async () =>
        (await ledger.store.readAll()).filter((e) => e.type === 'RecommendationReceived').length;
      const items = await received();
      const later = await runImport(ledger.store, await read(shifted(id)), {
        actor: importer(),
        listedItems: listedItems(ledger.store),
      });
      expect(later.report.failures).toEqual([]);
      expect(await received()).toBe(items);
      expect(later.report.missing ?? []).toEqual([]);
    } finally {
      await ledger.close();
    }
  });
});
