// @ts-check
// The point in time the page shows (a date, or today) and, in "what the board saw" mode, the
// board report behind it: every view reads the API at this point.

import { timeParams } from './time-slider.js';

/** @import { BoardReport, PlanNames, TimePoint } from './types.js' */

/**
 * The time point (date null = today) and what the whole page needs whatever the view.
 * @type {TimePoint & { boards: BoardReport[], planNames: PlanNames, firstDate: string | null,
 *   inspections: { inspectionId: string, title: string }[] }}
 */
export const state = {
  date: null,
  mode: 'board',
  boards: [],
  planNames: new Map(),
  firstDate: null,
  inspections: [],
};
export const at = () => timeParams(state);
export const boardMode = () => state.date !== null && state.mode === 'board';
/**
 * "What the board saw" shows a presented report: the latest one on or before the date chosen
 * (the server picks the same one for reportedOn; this copy names it and dates the other reads).
 */
export function reportShown() {
  const date = state.date;
  if (date === null || state.mode !== 'board') return null;
  const earlier = state.boards.filter((b) => b.boardDate <= date);
  earlier.sort((a, b) => a.boardDate.localeCompare(b.boardDate) || a.knownAt.localeCompare(b.knownAt));
  return earlier.at(-1) ?? null;
}
/** knownAt alone, for queries over a range of business dates (history, chart): the report's. */
export const knownAtOnly = () => {
  const report = reportShown();
  return report ? { knownAt: report.knownAt } : {};
};

/** One item at the time point shown (items have no reportedOn: the report's own point). */
export function itemAt() {
  const report = reportShown();
  if (report) return { asOf: report.asOf, knownAt: report.knownAt };
  return boardMode() ? { asOf: state.date, knownAt: state.date } : at();
}
