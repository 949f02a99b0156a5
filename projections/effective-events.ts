import {
  compareFacts,
  correctBody,
  correctedEffectiveOn,
  isCorrectable,
  isCorrectionType,
} from '../src/domain/corrections.js';
import type { LedgerEvent, LedgerEventBody } from '../src/domain/ledger-event.js';

/**
 * Which facts count, with which content, in which order at a given knownAt. What a correction
 * may target, how its fields apply and the fold order are the domain's (`src/domain/
 * corrections.ts`, shared with the correction decider); this adds the knownAt cut. The as-of
 * index answers from caches, and its property test proves the caches equal this.
 *
 * Rules (documented in docs/architecture.md, "Projections and time travel"):
 * - only events recorded at or before `knownAt` exist;
 * - a correction or retraction applies as soon as IT is known, whatever its own effectiveOn:
 *   it says "that entry was wrong", which is a statement about the entry, not a new fact with
 *   a business date of its own. Its effectiveOn (the day it was made) is kept for the history;
 * - a correction's `fields` are laid over the original's data (identity fields: `ref` and any
 *   `...Id`/`...Ids` key are ignored, as the decider forbids them), and its `effectiveOn`, when
 *   given, moves the original on the business axis; several corrections of one event apply in
 *   log order; one whose result fails the event's schema is ignored (the decider refuses those);
 * - a retracted event is gone; corrections of or retractions of corrections are ignored (the
 *   decider refuses them: correct or retract the original instead);
 * - the survivors are sorted by (effectiveOn, position).
 */
export function effectiveEvents(events: readonly LedgerEvent[], knownAt: string | null): LedgerEvent[] {
  const known = knownAt === null ? events : events.filter((e) => e.recordedAt <= knownAt);
  const byId = new Map<string, LedgerEvent>();
  let hasCorrections = false;
  for (const e of known) {
    byId.set(e.eventId, e);
    if (isCorrectionType(e.type)) hasCorrections = true;
  }
  if (!hasCorrections) return sortByEffective(known.slice());

  const retracted = new Set<string>();
  const patches = new Map<string, LedgerEvent[]>();
  for (const e of known) {
    if (e.type === 'EntryRetracted') {
      const target = byId.get(e.data.retractsEventId);
      if (target && isCorrectable(target.type)) retracted.add(target.eventId);
    } else if (e.type === 'EntryCorrected') {
      const target = byId.get(e.data.correctsEventId);
      if (target && isCorrectable(target.type)) {
        const list = patches.get(target.eventId);
        if (list) list.push(e);
        else patches.set(target.eventId, [e]);
      }
    }
  }
  const out: LedgerEvent[] = [];
  for (const e of known) {
    if (isCorrectionType(e.type) || retracted.has(e.eventId)) continue;
    const fixes = patches.get(e.eventId);
    out.push(fixes ? applyCorrections(e, fixes) : e);
  }
  return sortByEffective(out);
}

/** Lays corrections (in log order) over one event; each result is re-validated. */
export function applyCorrections(original: LedgerEvent, corrections: readonly LedgerEvent[]): LedgerEvent {
  let current = original;
  for (const c of corrections) {
    if (c.type !== 'EntryCorrected') continue;
    const parsed = correctBody(current, c.data.fields);
    if (!parsed.success) continue;
    current = withBody(current, parsed.data, correctedEffectiveOn(c.data.effectiveOn, current.effectiveOn));
  }
  return current;
}

/** The same envelope with a corrected body and business date. */
function withBody(envelope: LedgerEvent, body: LedgerEventBody, effectiveOn: string): LedgerEvent {
  return Object.assign({}, envelope, body, { effectiveOn });
}

/** (effectiveOn, position) order: the domain's fold order, the log position breaking ties. */
export function compareEffective(a: LedgerEvent, b: LedgerEvent): number {
  return compareFacts(a.effectiveOn, a.position, b.effectiveOn, b.position);
}

function sortByEffective(events: LedgerEvent[]): LedgerEvent[] {
  return events.sort(compareEffective);
}
