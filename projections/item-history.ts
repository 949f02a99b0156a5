import { z } from 'zod';
import { isCorrectionType } from '../src/domain/corrections.js';
import { Actor } from '../src/domain/envelope.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { Provenance } from '../src/domain/provenance.js';
import { actorDisplayName, type KeyNames } from './actor-name.js';
import type { AsOfIndex } from './as-of-index.js';
import { compareEffective, effectiveEvents } from './effective-events.js';
import { evolveItem, ItemView } from './item-view.js';

/** A correction or retraction, shown beside the entry it fixes. */
export const HistoryFix = z.strictObject({
  eventId: z.string(),
  type: z.enum(['EntryCorrected', 'EntryRetracted']),
  /** For a correction: the fields it changed (identity fields are never applied). */
  fields: z.record(z.string(), z.unknown()).nullable(),
  /** For a correction: the business date it moved the entry to, if it did. */
  movedTo: z.string().nullable(),
  reason: z.string(),
  actor: Actor,
  /** Who made the fix, readable: the key's name, or the import's operator and file. */
  by: z.string(),
  /** Where a fix made by an import came from: the corrected file, its line and column. */
  provenance: Provenance.nullable(),
  /** When the fix was made (business date) and recorded. */
  effectiveOn: z.string(),
  recordedAt: z.string(),
  revision: z.number().int(),
});
export type HistoryFix = z.infer<typeof HistoryFix>;

/** One fact of the item's audit trail with the item's state after it. */
export const HistoryEntry = z.strictObject({
  eventId: z.string(),
  type: z.string(),
  revision: z.number().int(),
  position: z.number().int(),
  actor: Actor,
  /** Who did it, readable: the key's name, or the import's operator and file (see actor-name.ts). */
  by: z.string(),
  /** Where an imported entry came from (file, line, column) and whether its date was stated or imputed. */
  provenance: Provenance.nullable(),
  /** The business date as now believed (after corrections) and as first recorded. */
  effectiveOn: z.string(),
  originalEffectiveOn: z.string(),
  recordedAt: z.string(),
  /** The data as now believed, and as first recorded when a correction changed it. */
  data: z.record(z.string(), z.unknown()),
  originalData: z.record(z.string(), z.unknown()).nullable(),
  retracted: z.boolean(),
  fixes: z.array(HistoryFix),
  /** The item after this entry in business-time order (unchanged by a retracted entry). */
  stateAfter: ItemView.nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ItemHistory = z.strictObject({
  itemId: z.string(),
  knownAt: z.string(),
  entries: z.array(HistoryEntry),
});
export type ItemHistory = z.infer<typeof ItemHistory>;

function fixOf(e: LedgerEvent, keyNames?: KeyNames): HistoryFix | null {
  const common = {
    eventId: e.eventId,
    actor: e.actor,
    by: actorDisplayName(e.actor, e.provenance ?? null, keyNames),
    provenance: e.provenance ?? null,
    effectiveOn: e.effectiveOn,
    recordedAt: e.recordedAt,
    revision: e.revision,
  };
  if (e.type === 'EntryCorrected') {
    return {
      ...common,
      type: e.type,
      fields: e.data.fields,
      movedTo: e.data.effectiveOn,
      reason: e.data.reason,
    };
  }
  if (e.type === 'EntryRetracted') {
    return { ...common, type: e.type, fields: null, movedTo: null, reason: e.data.reason };
  }
  return null;
}

const targetOf = (e: LedgerEvent): string | null =>
  e.type === 'EntryCorrected'
    ? e.data.correctsEventId
    : e.type === 'EntryRetracted'
      ? e.data.retractsEventId
      : null;

/**
 * The audit trail of one item's events known at `knownAt`, in business-time order (the order
 * they are folded in), each with its actor, both dates, the fixes made to it beside it, and the
 * state after it. Pure over the events; null when the index has never seen the item.
 */
function itemHistoryOf(
  itemId: string,
  events: readonly LedgerEvent[],
  knownAt: string,
  keyNames?: KeyNames,
): ItemHistory {
  const known = events.filter((e) => e.recordedAt <= knownAt);
  const effective = new Map(effectiveEvents(known, null).map((e) => [e.eventId, e]));
  const fixes = new Map<string, HistoryFix[]>();
  for (const e of known) {
    const target = targetOf(e);
    const fix = fixOf(e, keyNames);
    if (target === null || fix === null) continue;
    const list = fixes.get(target);
    if (list) list.push(fix);
    else fixes.set(target, [fix]);
  }
  const rows = known
    .filter((e) => !isCorrectionType(e.type))
    .map((original) => ({ original, now: effective.get(original.eventId) ?? null }))
    .sort((a, b) => compareEffective(a.now ?? a.original, b.now ?? b.original));
  let state: ItemView | null = null;
  const entries: HistoryEntry[] = rows.map(({ original, now }) => {
    if (now) state = evolveItem(state, now);
    const shown = now ?? original;
    return {
      eventId: original.eventId,
      type: original.type,
      revision: original.revision,
      position: original.position,
      actor: original.actor,
      by: actorDisplayName(original.actor, original.provenance ?? null, keyNames),
      provenance: original.provenance ?? null,
      effectiveOn: shown.effectiveOn,
      originalEffectiveOn: original.effectiveOn,
      recordedAt: original.recordedAt,
      data: shown.data,
      originalData: now && now !== original ? original.data : null,
      retracted: now === null,
      fixes: fixes.get(original.eventId) ?? [],
      stateAfter: state,
    };
  });
  return { itemId, knownAt, entries };
}

/** The history of an item from the index, or null when the item is unknown. */
export function itemHistory(
  index: AsOfIndex,
  itemId: string,
  knownAt: string,
  keyNames?: KeyNames,
): ItemHistory | null {
  const timeline = index.items.get(itemId);
  return timeline ? itemHistoryOf(itemId, timeline.events, knownAt, keyNames) : null;
}
