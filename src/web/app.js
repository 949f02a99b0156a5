// @ts-check
// Bootstrap and routing: asks for a key, then draws the view named by the URL fragment
// (#/, #/items/<id>, #/board-pack) at the point in time chosen in the time controls, and draws
// it again whenever the time point changes or the live stream reports a new ledger event.

import { ApiError, apiKey, get } from './api.js';
import { boardPack } from './board-pack.js';
import { fill, formatDate, formatInstant, h, problemBox, todayIso } from './dom.js';
import { downloadButtons } from './downloads.js';
import { applyFinder, finderControls, finderQuery, readFinder, writeFinder } from './finder.js';
import { itemView } from './item-history.js';
import { connectLive } from './live.js';
import { plansView } from './plans-view.js';
import { chartRange, ragChart } from './rag-chart.js';
import { ragSummary } from './rag-summary.js';
import { createTimeControls, timeParams } from './time-slider.js';

/**
 * @import { BoardCounts, BoardReport, BoardReports, Changes, Item, ItemHistory, LiveEvent, Overdue,
 *   PlanList, PlanNames, RagSeries, Snapshot, TimePoint } from './types.js'
 * @import { Child } from './types.js'
 */

/**
 * An element of index.html: the page's own elements are always there.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** The key form's input. */
const keyInput = () => /** @type {HTMLInputElement} */ ($('api-key'));

/**
 * The time point (date null = today) and what the whole page needs whatever the view.
 * @type {TimePoint & { boards: BoardReport[], planNames: PlanNames, firstDate: string | null,
 *   inspections: { inspectionId: string, title: string }[] }}
 */
const state = {
  date: null,
  mode: 'board',
  boards: [],
  planNames: new Map(),
  firstDate: null,
  inspections: [],
};
/** @type {ReturnType<typeof createTimeControls> | null} */
let controls = null;
/** @type {(() => void) | null} */
let stopLive = null;
/** Each render has a number; an answer for an older render is dropped (the slider moves fast). */
let generation = 0;

/**
 * @returns {{ view: 'item', itemId: string } | { view: 'board-pack' | 'dashboard' }}
 */
function route() {
  // The fragment's query holds the finder (finder.js), not the route.
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0] || '/';
  const item = /^\/items\/([^/?#]+)$/.exec(path);
  if (item?.[1]) return { view: 'item', itemId: decodeURIComponent(item[1]) };
  if (path === '/board-pack') return { view: 'board-pack' };
  return { view: 'dashboard' };
}

const at = () => timeParams(state);
const boardMode = () => state.date !== null && state.mode === 'board';
/**
 * "What the board saw" shows a presented report: the latest one on or before the date chosen
 * (the server picks the same one for reportedOn; this copy names it and dates the other reads).
 */
function reportShown() {
  const date = state.date;
  if (date === null || state.mode !== 'board') return null;
  const earlier = state.boards.filter((b) => b.boardDate <= date);
  earlier.sort((a, b) => a.boardDate.localeCompare(b.boardDate) || a.knownAt.localeCompare(b.knownAt));
  return earlier.at(-1) ?? null;
}
/** knownAt alone, for queries over a range of business dates (history, chart): the report's. */
const knownAtOnly = () => {
  const report = reportShown();
  return report ? { knownAt: report.knownAt } : {};
};

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
function noReportNotice() {
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
    h(
      'button',
      { type: 'button', onclick: () => setTime({ ...state, mode: 'now' }) },
      'Show what we now know was true then',
    ),
  );
}

/** Board dates for the slider and plan names for sentences: read at "now", the widest view. */
async function loadContext() {
  /** @type {[BoardReports, PlanList, { inspections: { inspectionId: string, title: string }[] }]} */
  const [reports, plans, inspections] = await Promise.all([
    get('/board-reports'),
    get('/plans'),
    get('/inspections'),
  ]);
  state.inspections = inspections.inspections;
  state.boards = reports.reports;
  state.planNames = new Map(plans.plans.flatMap((p) => (p.plan ? [[p.planId, p.plan.portfolio]] : [])));
  const opened = plans.plans.flatMap((p) => (p.plan ? [p.plan.openedOn] : [])).sort();
  state.firstDate = opened[0] ?? null;
  controls?.setBoards(state.boards);
}

/** @param {Snapshot} snapshot */
function nothingKnownNotice(snapshot) {
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
    h(
      'button',
      { type: 'button', onclick: () => setTime({ ...state, mode: 'now' }) },
      'Show what we now know was true then',
    ),
  );
}

/** A view's data is fetched first, then drawn in one go by the function it resolves to. */
/** @typedef {() => Child} Draw */

/** @returns {Promise<Draw>} */
async function dashboardView() {
  if (boardMode() && !reportShown()) return () => [noReportNotice()];
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
    nothingKnownNotice(snapshot),
    finderControls(finder, { inspections: state.inspections, portfolios, onChange: onFinderChange }),
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
      onToggle: render,
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

/** One item at the time point shown (items have no reportedOn: the report's own point). */
function itemAt() {
  const report = reportShown();
  if (report) return { asOf: report.asOf, knownAt: report.knownAt };
  return boardMode() ? { asOf: state.date, knownAt: state.date } : at();
}

/**
 * @param {string} itemId
 * @returns {Promise<Draw>}
 */
async function itemPage(itemId) {
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

/** @returns {Promise<Draw>} */
async function boardPackView() {
  if (boardMode() && !reportShown()) return () => [noReportNotice()];
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
    nothingKnownNotice(snapshot),
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

/** @type {Record<ReturnType<typeof route>['view'], string>} */
const TITLES = { dashboard: 'Plans and summary', item: 'Item history', 'board-pack': 'Board pack' };

/** Fetches what the current view needs and replaces the page's content in one go. */
async function render() {
  const mine = ++generation;
  const r = route();
  document.title = `${TITLES[r.view]} · Plan Ledger`;
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('.views a'))) {
    // Moving between views keeps the inspection and filters chosen.
    link.setAttribute('href', `#${link.dataset.view === 'board-pack' ? '/board-pack' : '/'}${finderQuery()}`);
    if (link.dataset.view === r.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  $('main').setAttribute('aria-busy', 'true');
  try {
    const draw =
      r.view === 'item'
        ? await itemPage(r.itemId)
        : r.view === 'board-pack'
          ? await boardPackView()
          : await dashboardView();
    if (mine !== generation) return;
    // Live re-renders replace the whole view: put keyboard focus back where it was.
    const focused =
      document.activeElement?.id && $('main').contains(document.activeElement)
        ? document.activeElement.id
        : null;
    fill($('main'), draw());
    if (focused) {
      const el = $(focused);
      el?.focus();
      // A re-drawn search field keeps the caret where the reader was typing: at the end.
      if (el instanceof HTMLInputElement && el.type === 'search')
        el.setSelectionRange(el.value.length, el.value.length);
    }
    $('problem').hidden = true;
    delete $('main').dataset.stale;
    $('main').dataset.rendered = String(mine);
  } catch (error) {
    if (mine !== generation) return;
    showProblem(error);
  } finally {
    if (mine === generation) $('main').removeAttribute('aria-busy');
  }
}

/** @param {unknown} error */
function showProblem(error) {
  if (error instanceof ApiError && error.status === 401) return signOut(error);
  const box = $('problem');
  fill(
    box,
    problemBox(
      error instanceof ApiError
        ? error
        : { title: 'The page failed', message: String(error), advice: 'Reload the page.' },
    ),
  );
  box.hidden = false;
  // The figures below were drawn from an earlier answer: say so rather than show them as current.
  if (error instanceof ApiError && error.status === 0) $('main').dataset.stale = 'true';
}

/** @param {import('./finder.js').Finder} next */
function onFinderChange(next) {
  writeFinder(next);
  render();
}

/** @param {TimePoint} next */
function setTime(next) {
  state.date = next.date;
  state.mode = next.mode;
  controls?.update(state);
  render();
}

// Live updates. A re-render comes 250 ms after the first event of a burst, then at most one every
// 2 s while events keep coming (an import of thousands of events must not flood the API or hit
// its rate limit), and a last one 1.5 s after the burst ends. That last one also covers an event
// the stream delivered a moment before the projections applied it (they are separate subscribers).
/**
 * @type {{ pending: ReturnType<typeof setTimeout> | null, settle: ReturnType<typeof setTimeout> | undefined,
 *   lastRender: number, contextChanged: boolean }}
 */
const live = { pending: null, settle: undefined, lastRender: 0, contextChanged: false };

async function liveRender() {
  live.pending = null;
  live.lastRender = Date.now();
  if (live.contextChanged) {
    live.contextChanged = false;
    await loadContext().catch(showProblem);
  }
  render();
}

/** @param {LiveEvent} event */
function onLiveEvent(event) {
  $('live-status').dataset.state = 'live';
  $('live-status').textContent = `Live: last change ${formatInstant(event.recordedAt)} (${event.type})`;
  // New board dates and plan names change the slider and the sentences, not just the view.
  if (event.type === 'BoardReportPresented' || event.type.startsWith('Plan')) live.contextChanged = true;
  live.pending ??= setTimeout(liveRender, Math.max(250, live.lastRender + 2000 - Date.now()));
  clearTimeout(live.settle);
  live.settle = setTimeout(liveRender, 1500);
}

/**
 * @param {'connecting' | 'live' | 'down'} status
 * @param {string} [detail]
 */
function onLiveState(status, detail) {
  const el = $('live-status');
  const wasDown = el.dataset.state === 'down';
  el.dataset.state = status;
  if (status === 'live' && !el.textContent?.startsWith('Live: last')) el.textContent = 'Live updates: on';
  if (status === 'connecting') el.textContent = 'Live updates: connecting…';
  if (status === 'down') el.textContent = detail ?? 'Live updates: off';
  // Events may have been missed while the stream was down: draw again from the ledger.
  if (status === 'live' && wasDown) render();
}

async function start() {
  $('key-panel').hidden = true;
  $('dashboard').hidden = false;
  $('session').hidden = false;
  controls ??= createTimeControls($('time-controls'), setTime);
  controls.update(state);
  try {
    await loadContext();
  } catch (error) {
    return showProblem(error);
  }
  await render();
  stopLive?.();
  stopLive = connectLive({ onEvent: onLiveEvent, onState: onLiveState });
}

/**
 * Back to the key form, saying why (a refused or revoked key, or the reader's own choice).
 * @param {ApiError | null} error
 */
function signOut(error) {
  stopLive?.();
  stopLive = null;
  apiKey.forget();
  $('dashboard').hidden = true;
  $('session').hidden = true;
  $('key-panel').hidden = false;
  const box = $('key-error');
  if (error) {
    fill(box, problemBox(error));
    box.hidden = false;
  } else box.hidden = true;
  keyInput().value = '';
  keyInput().focus();
}

/** @param {SubmitEvent} event */
async function onKeySubmit(event) {
  event.preventDefault();
  const key = keyInput().value.trim();
  if (!key) return;
  try {
    // Checked before it is kept: a mistyped key is refused here, with the server's reason.
    await get('/board-reports', {}, { key });
  } catch (error) {
    const box = $('key-error');
    fill(box, problemBox(error instanceof Error ? error : { message: String(error) }));
    box.hidden = false;
    return;
  }
  apiKey.set(key);
  $('key-error').hidden = true;
  start();
}

function boot() {
  $('key-form').addEventListener('submit', onKeySubmit);
  $('forget-key').addEventListener('click', () => signOut(null));
  window.addEventListener('hashchange', () => {
    if (apiKey.get()) render().then(() => $('main').focus());
  });
  if (apiKey.get()) start();
  else keyInput().focus();
}

boot();
