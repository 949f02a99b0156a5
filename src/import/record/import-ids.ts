import type { Ulid } from '../../domain/fields.js';
import { deterministicEventId, normaliseRef } from '../../domain/ids.js';
import { contentHash } from '../../lib/hash.js';
import type { ParsedDocument } from '../parsed-document.js';

/**
 * Identities of the write side of the importer. Two different questions get two answers:
 * - *which streams* a document writes to is decided by what it is about (inspection title,
 *   portfolio, board name), so a later export of the same plan lands on the same streams;
 * - *which events* it writes is decided by the source identity (the content, not the file
 *   name), so importing the same content twice, under any name, appends nothing the second time.
 */

/** Keeps the aggregate ids the importer derives apart from every other derived id. */
const NAMESPACE = 'plan-ledger/import';

function derived(tag: string, seed: string): Ulid {
  return deterministicEventId(`${NAMESPACE}/${tag}\u0000${seed}`);
}

/** Case, accents, spacing and punctuation around words do not make a different name. */
export function normaliseName(name: string): string {
  return normaliseRef(name)
    .replace(/[‐-―]/g, '-')
    .replace(/\s*([-,:&/])\s*/g, '$1');
}

/** The inspection a document's inspection title maps to. */
export function inspectionIdFor(title: string): Ulid {
  return derived('inspection', normaliseName(title));
}

/** A portfolio's plan for an inspection; the label keeps two plans of one portfolio apart (seed 004). */
export function planIdFor(inspectionId: Ulid, portfolio: string, label: string | null): Ulid {
  return derived(
    'plan',
    `${inspectionId}\u0000${normaliseName(portfolio)}\u0000${normaliseName(label ?? '')}`,
  );
}

/** A board (e.g. "BTPA Performance Review Group"): one stream holds all its reports. */
export function boardIdFor(boardName: string): Ulid {
  return derived('board', normaliseName(boardName));
}

/**
 * The source identity: SHA-256 (hex) of the canonical JSON of what the document says — its
 * inspections, plans, items and paper — without the file name and without line numbers or the
 * reader's notes. So a renamed file, or the same plan saved as CSV instead of XLSX, is the same
 * source; a corrected re-export is a different source (its new facts are added, see docs/import.md).
 */
export function sourceIdentity(document: ParsedDocument): string {
  const content = {
    inspections: document.inspections.map((inspection) => ({
      title: inspection.title,
      // Only when the paper dates this inspection apart from its own fields: documents read
      // before per-inspection dates existed keep their identity (and their event ids).
      ...(inspection.receipt
        ? { receipt: { on: inspection.receipt.on, precision: inspection.receipt.precision } }
        : {}),
      plans: inspection.plans.map((plan) => ({
        ...plan,
        // Where cells sit (line, columns, sheet) and how dates were found are not content: a
        // re-ordered or re-saved file is the same source.
        items: plan.items.map(
          ({
            line: _line,
            columns: _c,
            sheet: _s,
            responseDate: _r,
            transfers,
            updates,
            lineKey,
            ...item
          }) => ({
            ...item,
            // A row without a ref hashes under its former key (`line-N`), as it did before refs
            // came from wording: the same file keeps its source identity, so its event ids.
            ...(lineKey === undefined ? {} : { ref: lineKey, key: `${item.kind}/${lineKey}` }),
            // A readable due date is the fact; how the cell spelled it (`30-Jun-11`, `30/6/2011`,
            // a date cell in XLSX) is not.
            dueText: item.dueDate === null ? item.dueText : null,
            updates: updates.map(({ effectiveOn, text }) => ({ effectiveOn, text })),
            transfers: (transfers ?? []).map(({ line: _l, ...t }) => t),
          }),
        ),
      })),
    })),
    paper: document.paper ?? null,
  };
  return contentHash(content);
}

/**
 * The id of the `eventIndex`-th event of the `commandIndex`-th planned command of a stream.
 * The planned commands of a stream depend only on the document, never on the ledger's state,
 * so the same source always yields the same ids and a re-run finds its events already stored.
 */
export function importEventId(
  sourceId: string,
  streamId: string,
  commandIndex: number,
  eventIndex = 0,
): Ulid {
  return deterministicEventId(
    `${NAMESPACE}\u0000${sourceId}\u0000${streamId}\u0000${commandIndex}\u0000${eventIndex}`,
  );
}
