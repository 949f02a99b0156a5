import { isCorrectable, isCorrectionType } from '../src/domain/corrections.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { applyCorrections } from './effective-events.js';
import type { EventColumns } from './event-columns.js';
import { firstFalse } from './timeline-epochs.js';

/**
 * How a "break" reshapes a stream's view (see StreamTimeline): a back-dated or clock-stepped
 * event is inserted where its date puts it; a correction or retraction recomputes the view.
 * Both return a new array (epochs keep the old one) and the first index that changed.
 */
export interface ViewChange {
  view: number[];
  firstChanged: number;
}

/** The view with `row` inserted in (business day, position) order. */
export function viewWithInserted(columns: EventColumns, view: readonly number[], row: number): ViewChange {
  const { day: days, position } = columns;
  const day = days[row] as number;
  const at = position[row] as number;
  const firstChanged = firstFalse(
    view,
    (r) => (days[r] as number) < day || (days[r] === day && (position[r] as number) <= at),
  );
  const next = view.slice();
  next.splice(firstChanged, 0, row);
  return { view: next, firstChanged };
}

/**
 * The view as every correction and retraction of the stream now makes it: the rule of
 * `effectiveEvents(events, null)` (effective-events.ts, which the property tests hold this to),
 * computed on rows so that only the corrections and the facts they fix are materialized, not
 * the whole stream at each correction. A corrected version of a fact becomes a row of its own.
 */
export function correctedView(
  columns: EventColumns,
  stream: number,
  rows: readonly number[],
  before: readonly number[],
): ViewChange {
  // Types read by number, no closure per call (under tsx each closure made is named by a
  // helper call, and a rebuild makes this view once per correction).
  const types = columns.types.values;
  const typeNo = columns.type;
  const retracted = new Set<number>();
  const patches = new Map<number, number[]>();
  for (const row of rows) {
    const type = types[typeNo[row] as number] as string;
    if (!isCorrectionType(type)) continue;
    const data = columns.body(row) as { correctsEventId?: string; retractsEventId?: string };
    const targetId = type === 'EntryRetracted' ? data.retractsEventId : data.correctsEventId;
    const target = targetId === undefined ? undefined : columns.rowWithId(rows, targetId);
    if (target === undefined || !isCorrectable(types[typeNo[target] as number] as string)) continue;
    if (type === 'EntryRetracted') retracted.add(target);
    else {
      const list = patches.get(target);
      if (list) list.push(row);
      else patches.set(target, [row]);
    }
  }
  const view: number[] = [];
  for (const row of rows) {
    if (isCorrectionType(types[typeNo[row] as number] as string) || retracted.has(row)) continue;
    const fixes = patches.get(row);
    if (!fixes) {
      view.push(row);
      continue;
    }
    const original = columns.event(row);
    const corrected: LedgerEvent = applyCorrections(
      original,
      fixes.map((r) => columns.event(r)),
    );
    view.push(corrected === original ? row : columns.push(corrected, stream));
  }
  const { day, position } = columns;
  view.sort(
    (a, b) => (day[a] as number) - (day[b] as number) || (position[a] as number) - (position[b] as number),
  );
  let firstChanged = 0;
  while (firstChanged < before.length && before[firstChanged] === view[firstChanged]) firstChanged++;
  return { view, firstChanged };
}
