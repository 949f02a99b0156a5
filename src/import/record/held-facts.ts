import { emptyJournal, liveFacts, recordInJournal } from '../../domain/correction-decider.js';
import type { RecordedEvent } from '../../domain/envelope.js';
import { decodeEvent, type LedgerEventBody } from '../../domain/ledger-event.js';
import type { Provenance } from '../../domain/provenance.js';

/**
 * A fact the ledger already holds for one stream, as it is now believed: corrections applied,
 * retracted facts left out (the same journal the deciders judge by, `correction-decider.ts`).
 * A later paper is compared with these, never with the raw log, so a fact corrected once is not
 * "corrected" again by the next export that says the same.
 */
export interface HeldFact {
  readonly eventId: string;
  readonly body: LedgerEventBody;
  /** The business date as now believed. */
  readonly effectiveOn: string;
  /** Where it was read, when it came from a paper; null when it was typed in. */
  readonly provenance: Provenance | null;
}

/** The stream's live facts in the order a reader folds them (business date, then stream order). */
export function heldFacts(records: readonly RecordedEvent[]): HeldFact[] {
  let journal = emptyJournal;
  const provenance = new Map<string, Provenance | null>();
  for (const record of records) {
    journal = recordInJournal(journal, decodeEvent(record));
    provenance.set(record.eventId, record.provenance ?? null);
  }
  return liveFacts(journal).map((entry) => ({
    eventId: entry.eventId,
    body: entry.body,
    effectiveOn: entry.effectiveOn,
    provenance: provenance.get(entry.eventId) ?? null,
  }));
}

/** Spacing and line breaks differ between a text export, a CSV and a spreadsheet: not the words. */
export const normalText = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * `short` is a cut-short copy of `full`: its start, give or take a trailing ellipsis or full stop
 * (exports paste an update twice, the first copy cut short; the ledger cuts text past its bound
 * with "…"). The same rule the reader applies inside one document (`read/updates.ts`).
 */
export function isCutShort(short: string, full: string): boolean {
  const a = normalText(short).replace(/[.\s…]+$/, '');
  const b = normalText(full);
  return a.length > 0 && a.length < b.length && b.startsWith(a);
}

/** The same text, or a cut-short copy of it: one fact, not a contradiction. */
export const isCopyOf = (copy: string, held: string): boolean =>
  normalText(copy) === normalText(held) || isCutShort(copy, held);

/** How alike two texts are (shared words over all words, 0..1): pairs a changed text with its original. */
export function likeness(a: string, b: string): number {
  const words = (t: string) => new Set(normalText(t).toLowerCase().split(' ').filter(Boolean));
  const [x, y] = [words(a), words(b)];
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const all = x.size + y.size - shared;
  return all === 0 ? 1 : shared / all;
}
