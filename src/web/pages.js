// @ts-check
// The three pages (dashboard, one item's history, the board pack): each fetches what it needs at
// the time point shown, then resolves to a function that draws it in one go.

import { ApiError, get } from './api.js';
import { boardPack } from './board-pack.js';
import { formatDate, formatInstant, h, todayIso } from './dom.js';
import { downloadButtons } from './downloads.js';
import { applyFinder, finderControls, readFinder } from './finder.js';
import { itemView } from './item-history.js';
import { plansView } from './plans-view.js';
import { chartRange, ragChart } from './rag-chart.js';
import { ragSummary } from './rag-summary.js';
import { at, boardMode, itemAt, knownAtOnly, reportShown, state } from './time-point.js';

/**
 * @import { BoardCounts, BoardReport, Changes, Item, ItemHistory, Overdue, RagSeries, Snapshot } from './types.js'
 * @import { Child } from './types.js'
 */

/**
 * What a page may ask of the app around it.
 * @typedef {{ showNow: () => void, rerender: () => void,
 *   onFinderChange: (next: import('./finder.js').Finder) => void }} Nav
 */

/** A page's data is fetched first, then drawn in one go by the function it resolves to. */
/** @typedef {() => Child} Draw */

/**
 * Which report the page shows, in the board secretary's words.
 * @param {BoardReport | null} report
 */
function reportBanner(report) {
  if (!report) return null;
  return h(
    'p',
    { class: 'notice', id: 'report-shown', 'data-board-date': report.boardDate },
    'What the board saw: the report to ',
    h('strong', {}, report.boardName),
    ` on ${formatDate(report.boardDate)}, figures as at ${formatDate(report.asOf)}, as recorded by ${formatInstant(report.knownAt)}.`,
  );
}

/** In "what the board saw" mode with no report on or before the date: say so plainly. */
/** @param {() => void} showNow */
function noReportNotice(showNow) {
  const first = [...state.boards].sort((a, b) => a.boardDate.localeCompare(b.boardDate))[0];
  return h(
    'div',
    { class: 'notice', id: 'no-report' },
    h(
      'p',
      {},
      `No report had been presented to a board by ${formatDate(state.date)}, so there is nothing the board saw to show. `,
      first
        ? `The first report was to ${first.boardName} on ${formatDate(first.boardDate)}.`
        : 'No report has been presented to a board yet.',
    ),
    h('button', { type: 'button', onclick: showNow }, 'Show what we now know was true then'),
  );
}

/**
 * @param {Snapshot} snapshot
 * @param {() => void} showNow
 */
function nothingKnownNotice(snapshot, showNow) {
  const known = snapshot.plans.some((p) => p.plan !== null || p.items.length > 0);
  if (known || state.date === null || state.mode !== 'board') return null;
  return h(
    'div',
    { class: 'notice', id: 'nothing-known' },
    h(
      'p',
      {},
      `Nothing had been recorded in the ledger by the end of this date. Its entries were recorded later (a plan loaded into the ledger is recorded on the day it was loaded), so the board of that day could not have seen them here.`,
    ),
    h('button', { type: 'button', onclick: showNow }, 'Show what we now know was true then'),
  );
}

/**
 * @param {Nav} nav
 * @returns {Promise<Draw>}
 */
export async function dashboardView(nav) {
  if (boardMode() && !reportShown()) return () => [noReportNotice(nav.showNow)];
  const to = state.date ?? todayIso();
  const range = state.firstDate && state.firstDate <= to ? chartRange(state.firstDate, to) : null;
  const finder = readFinder();
  const inspectionId = finder.inspection || undefined;
  /** @type {[Snapshot, BoardCounts, RagSeries | null]} */
  const [snapshot, summary, series] = await Promise.all([
    get('/snapshot', { ...at(), inspectionId }),
    // The numbers only: the items behind one are asked for when it is opened (fetchPage).
    get('/board-summary', { ...at(), inspectionId, by: 'portfolio' }),
    range ? get('/rag-over-time', { ...range, ...knownAtOnly(), inspectionId }) : null,
  ]);
  const portfolios = [...new Set(snapshot.plans.flatMap((p) => (p.plan ? [p.plan.portfolio] : [])))].sort();
  const shown = { ...snapshot, plans: applyFinder(snapshot.plans, finder, snapshot.asOf) };
  const exportParams = { ...at(), inspectionId };
  return () => [
    reportBanner(reportShown()),
    nothingKnownNotice(snapshot, nav.showNow),
    finderControls(finder, { inspections: state.inspections, portfolios, onChange: nav.onFinderChange }),
    h(
      'div',
      { class: 'download-row' },
      downloadButtons({
        kind: 'board-summary',
        title: 'the RAG summary',
        formats: ['csv', 'xlsx', 'json'],
        params: exportParams,
      }),
      downloadButtons({
        kind: 'snapshot',
        title: 'every plan',
        formats: ['csv', 'xlsx', 'json'],
        params: exportParams,
      }),
    ),
    h('h2', {}, 'RAG summary'),
    h('p', { class: 'meta' }, 'Select a number to list the items behind it.'),
    ragSummary(summary, {
      onToggle: nav.rerender,
      planNames: state.planNames,
      fetchPage: (cell) => get('/board-summary/items', { ...at(), inspectionId, ...cell }),
    }),
    h('h2', {}, 'RAG over time'),
    series
      ? ragChart(series, { boardDates: state.boards.map((b) => b.boardDate), cursor: state.date })
      : h('p', {}, 'No plan had been opened by this date.'),
    h('h2', {}, 'Plans by portfolio'),
    plansView(shown, { planNames: state.planNames }),
  ];
}

/**
 * @param {string} itemId
 * @returns {Promise<Draw>}
 */
export async function itemPage(itemId) {
  /** @type {[Item | null, ItemHistory]} */
  const [item, history] = await Promise.all([
    get(`/items/${encodeURIComponent(itemId)}`, itemAt()).then(
      (/** @type {{ item: Item }} */ r) => r.item,
      (error) => {
        // Not yet received at the date shown: still worth showing its history.
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      },
    ),
    get(`/items/${encodeURIComponent(itemId)}/history`, knownAtOnly()),
  ]);
  return () => itemView({ item, history, asOf: state.date, planNames: state.planNames });
}

/**
 * @param {Nav} nav
 * @returns {Promise<Draw>}
 */
export async function boardPackView(nav) {
  if (boardMode() && !reportShown()) return () => [noReportNotice(nav.showNow)];
  const date = state.date ?? todayIso();
  const previous = [...new Set(state.boards.map((b) => b.boardDate))].filter((d) => d < date).pop() ?? null;
  // As the board saw it, the server dates overdue and changes from the report itself.
  const byReport = boardMode() ? { reportedOn: date } : null;
  const inspectionId = readFinder().inspection || undefined;
  /** @type {[Snapshot, BoardCounts, Overdue, Changes | null]} */
  const [snapshot, summary, overdue, changes] = await Promise.all([
    get('/snapshot', { ...at(), inspectionId }),
    get('/board-summary', { ...at(), inspectionId, by: 'portfolio' }),
    get('/overdue', { ...(byReport ?? { on: date }), inspectionId }),
    previous ? get('/changes', { ...(byReport ?? { from: previous, to: date }), inspectionId }) : null,
  ]);
  return () => [
    reportBanner(reportShown()),
    nothingKnownNotice(snapshot, nav.showNow),
    downloadButtons({
      kind: 'board-pack',
      title: 'the board pack',
      formats: ['xlsx', 'csv', 'json', 'html', 'pdf'],
      params: { ...at(), inspectionId },
    }),
    boardPack(
      { snapshot, summary, changes, overdue, boards: state.boards, planNames: state.planNames },
      state,
    ),
  ];
}
