// @ts-check
// Bootstrap and routing: asks for a key, then draws the view named by the URL fragment
// (#/, #/items/<id>, #/board-pack) at the point in time chosen in the time controls, and draws
// it again whenever the time point changes or the live stream reports a new ledger event.

import { ApiError, apiKey, get } from './api.js';
import { fill, formatInstant, problemBox } from './dom.js';
import { finderQuery, writeFinder } from './finder.js';
import { connectLive } from './live.js';
import { boardPackView, dashboardView, itemPage } from './pages.js';
import { state } from './time-point.js';
import { createTimeControls } from './time-slider.js';

/** @import { BoardReports, LiveEvent, PlanList, TimePoint } from './types.js' */

/**
 * An element of index.html: the page's own elements are always there.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** The key form's input. */
const keyInput = () => /** @type {HTMLInputElement} */ ($('api-key'));

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

/** What the pages may ask of the app: "show now" buttons, a redraw, a changed finder. */
const nav = {
  showNow: () => setTime({ ...state, mode: 'now' }),
  rerender: () => {
    render();
  },
  /** @param {import('./finder.js').Finder} next */
  onFinderChange: (next) => onFinderChange(next),
};

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
          ? await boardPackView(nav)
          : await dashboardView(nav);
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
