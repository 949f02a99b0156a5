import path from 'node:path';
import { expect } from 'vitest';
import { AsOfIndex } from '../../../projections/as-of-index.js';
import type { ItemView } from '../../../projections/item-view.js';
import { getItem } from '../../../projections/runtime/queries.js';
import type { RecordedEvent } from '../../../src/domain/envelope.js';
import { decodeEvent } from '../../../src/domain/ledger-event.js';
import { readDocument } from '../../../src/import/read/read-document.js';
import { runImport } from '../../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, type SeedId, seedText } from '../helpers.js';
import { importer, tempLedger } from '../import-fixtures.js';

/**
 * The source side of a fidelity test, read here without the importer: a line of the seed split on
 * its tabs, HTML flattened, spaces collapsed. Expected values are derived from these cells by
 * rules written in each seed's test, with the line they come from.
 */
export function sourceCells(seed: SeedId, line: number): string[] {
  const raw = seedText(seed).split('\n')[line - 1] ?? '';
  return raw.split('\t').map(clean);
}

/** The same line's cells as printed, HTML and all, for rules that need the markup. */
export function rawCells(seed: SeedId, line: number): string[] {
  return (seedText(seed).split('\n')[line - 1] ?? '').split('\t');
}

/**
 * Comparison form of a cell with a list in it: a list item's own leading dash (`<li>- Force …`,
 * seed 001) and the ledger's "- " line for a list item are both only the list's marker.
 */
export const unlisted = (text: string) => clean(text.replace(/<li>\s*-\s+/gi, '<li>').replace(/^- /gm, ''));

export function clean(cell: string): string {
  return cell
    .replace(/<\/(p|li)>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whitespace-insensitive comparison form: the ledger keeps line breaks the cells flatten. */
export const flat = (text: string | null | undefined) => (text == null ? null : clean(text));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "31-Aug-15", "24 August 2015", "8 Jan 2015" → YYYY-MM-DD; null for anything else. */
export function day(text: string | undefined): string | null {
  const m = /^(\d{1,2})[-\s]([A-Za-z]{3})[a-z]*[-\s](\d{2}|\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  if (month === 0) return null;
  const year = (m[3] ?? '').length === 2 ? `20${m[3]}` : (m[3] ?? '');
  return `${year}-${String(month).padStart(2, '0')}-${String(m[1]).padStart(2, '0')}`;
}

/**
 * The ref of a row printed without one: the ledger knows it by its wording (`no-ref-` and 8 hex
 * digits of a hash), whatever line it is on.
 */
export const NO_REF: string = expect.stringMatching(/^no-ref-[0-9a-f]{8}$/);

/** One imported item as the ledger holds it: its view, and its dated response and updates. */
export interface LedgerItem {
  view: ItemView;
  /** `stated`: the source writes the date (provenance `dateStated`); false when imputed. */
  response: { on: string; text: string; stated: boolean | null } | null;
  updates: { on: string; text: string; stated: boolean | null }[];
  /** The last completion or not-applicable fact, with whether its date is stated. */
  closure: { on: string; stated: boolean | null } | null;
  /** The plan's portfolio, as opened. */
  portfolio: string;
  /** The receipt (RecommendationReceived): its date, whether the source states it, and what it was taken from. */
  received: { on: string; stated: boolean | null; from: string | null };
}

/**
 * A paper table's item as the ledger holds it, in the shape the fidelity tests derive from the
 * source row: texts flattened, a list item's own dash dropped from the response and updates.
 */
export function ledgerRow(item: LedgerItem | undefined) {
  if (!item) return undefined;
  const { view } = item;
  return {
    ref: view.ref,
    kind: view.kind,
    portfolio: item.portfolio,
    text: flat(view.text),
    actionOwner: view.actionOwner,
    dueDate: view.dueDate,
    response: item.response && { ...item.response, text: unlisted(item.response.text) },
    updates: item.updates.map((u) => ({ ...u, text: unlisted(u.text) })),
    status: view.status,
    rag: view.rag,
    closedOn: view.closedOn,
    closure: item.closure,
  };
}

/**
 * Imports a seed into a real SQLite ledger and returns every item keyed by the source line its
 * RecommendationReceived event names in its provenance.
 */
export async function importedByLine(seed: SeedId): Promise<Map<number, LedgerItem>> {
  const ledger = await tempLedger();
  try {
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES[seed]));
    const outcome = await runImport(ledger.store, document, { actor: importer() });
    if (outcome.report.status !== 'imported') throw new Error(`import ${outcome.report.status}`);
    const records = await ledger.store.readAll();
    const index = new AsOfIndex();
    for (const r of records) index.apply(decodeEvent(r));
    const portfolios = new Map<string, string>();
    for (const r of records) {
      if (r.type === 'PlanOpened') {
        const d = r.data as { planId: string; portfolio: string };
        portfolios.set(d.planId, d.portfolio);
      }
    }
    const byStream = new Map<string, RecordedEvent[]>();
    for (const r of records) byStream.set(r.streamId, [...(byStream.get(r.streamId) ?? []), r]);
    const out = new Map<number, LedgerItem>();
    for (const events of byStream.values()) {
      const received = events.find((e) => e.type === 'RecommendationReceived');
      if (!received) continue;
      const itemId = (received.data as { itemId: string }).itemId;
      const view = getItem({ index }, itemId, { asOf: '2099-12-31' }).item;
      const responses = events.filter((e) => e.type === 'ResponseRecorded');
      const last = responses.at(-1);
      const closing = events
        .filter((e) => e.type === 'MarkedComplete' || e.type === 'MarkedNotApplicable')
        .at(-1);
      const stated = (e: RecordedEvent) => e.provenance?.dateStated ?? null;
      out.set(received.provenance?.line ?? -1, {
        view,
        response: last
          ? { on: last.effectiveOn, text: (last.data as { response: string }).response, stated: stated(last) }
          : null,
        updates: events
          .filter((e) => e.type === 'UpdatePosted')
          .map((e) => ({ on: e.effectiveOn, text: (e.data as { text: string }).text, stated: stated(e) })),
        closure: closing ? { on: closing.effectiveOn, stated: stated(closing) } : null,
        portfolio: portfolios.get(view.planId) ?? '',
        received: {
          on: received.effectiveOn,
          stated: stated(received),
          from: received.provenance?.dateFrom ?? null,
        },
      });
    }
    return out;
  } finally {
    await ledger.close();
  }
}
