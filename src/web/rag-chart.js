// @ts-check
// RAG over time as stacked bars in inline SVG (no chart library: nothing to download, nothing
// to trust). The same numbers follow as a table for screen readers and for checking the bars.

import { formatDate, h } from './dom.js';

/** @import { RagPoint, RagSeries } from './types.js' */
/** @typedef {Exclude<keyof RagPoint, 'date'>} SeriesKey */

const SVG = 'http://www.w3.org/2000/svg';
/**
 * Bottom to top: done work at the base, so the red at the top is what draws the eye.
 * @type {[SeriesKey, string][]}
 */
const SERIES = [
  ['completed', 'Completed'],
  ['notApplicable', 'N/A'],
  ['green', 'Green'],
  ['amber', 'Amber'],
  ['red', 'Red'],
  ['awaitingRag', 'Awaiting a RAG'],
];

/**
 * An SVG element, as h() makes HTML ones.
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {(Node | string | number)[]} children
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children)
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** @type {(date: string) => number} */
const dayNumber = (date) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** @type {(days: number) => string} */
const isoOf = (days) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/** At most this many bars: over fifteen years of months the bars were thinner than a pixel. */
export const MAX_BARS = 60;

/** How the chart names its step. */
const STEP_WORDS = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/**
 * The query for a chart from `first` to `to`: the finest step (day, week, month, quarter, year)
 * that keeps it to MAX_BARS bars, and a start counted back from `to` in whole steps, so the last
 * bar is the date shown itself (the series walks forward from `from` and would otherwise stop
 * short of it).
 * @param {string} first
 * @param {string} to
 * @returns {{ from: string, to: string, step: RagSeries['step'] }}
 */
export function chartRange(first, to) {
  const days = dayNumber(to) - dayNumber(first);
  if (days + 1 <= MAX_BARS) return { from: first, to, step: 'day' };
  const weeks = Math.ceil(days / 7);
  if (weeks + 1 <= MAX_BARS) return { from: isoOf(dayNumber(to) - 7 * weeks), to, step: 'week' };
  const [y = 0, m = 0, d = 0] = to.split('-').map(Number);
  /** @param {number} n */
  const monthsBack = (n) => {
    const last = new Date(Date.UTC(y, m - n, 0)).getUTCDate();
    return new Date(Date.UTC(y, m - 1 - n, Math.min(d, last))).toISOString().slice(0, 10);
  };
  /** @type {[RagSeries['step'], number][]} */
  const steps = [
    ['month', 1],
    ['quarter', 3],
    ['year', 12],
  ];
  for (const [step, k] of steps) {
    let n = Math.ceil(days / (31 * k));
    while (monthsBack(n * k) > first) n++;
    // Years are the coarsest step: a ledger over sixty years old gets more bars, still drawn.
    if (n + 1 <= MAX_BARS || step === 'year') return { from: monthsBack(n * k), to, step };
  }
  return { from: first, to, step: 'year' };
}

/**
 * @param {RagSeries} series GET /rag-over-time
 * @param {{ boardDates?: string[], cursor?: string | null }} [marks] board dates (dashed lines)
 *   and the date shown (solid line)
 * @returns {HTMLElement[]}
 */
export function ragChart(series, { boardDates = [], cursor = null } = {}) {
  const points = series.points;
  const [firstPoint] = points;
  const lastPoint = points[points.length - 1];
  if (!firstPoint || !lastPoint) return [h('p', {}, 'No dates to chart.')];
  const W = 800;
  const H = 280;
  // Wide enough on the right for the last date's label, centred under the last bar.
  const M = { left: 44, right: 36, top: 12, bottom: 44 };
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const first = dayNumber(firstPoint.date);
  const last = dayNumber(lastPoint.date);
  const span = Math.max(1, last - first);
  const slot = pw / points.length;
  const barW = Math.max(2, slot * 0.7);
  /** @param {string} date */
  const x = (date) => M.left + slot / 2 + ((dayNumber(date) - first) / span) * (pw - slot);
  const max = Math.max(1, ...points.map((p) => SERIES.reduce((sum, [k]) => sum + p[k], 0)));
  /** @param {number} v */
  const y = (v) => M.top + ph - (v / max) * ph;

  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': 'rag-chart-title rag-chart-desc',
      id: 'rag-chart',
    },
    s('title', { id: 'rag-chart-title' }, 'RAG status of all items over time'),
    s('desc', { id: 'rag-chart-desc' }, describe(series, firstPoint, lastPoint)),
  );
  // Horizontal grid with whole-number labels.
  const tick = Math.max(1, Math.ceil(max / 5));
  for (let v = 0; v <= max; v += tick) {
    svg.append(s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }));
    svg.append(s('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
  }
  for (const p of points) {
    let base = 0;
    const bar = s('g', { class: 'bar', 'data-date': p.date });
    for (const [key, name] of SERIES) {
      const v = p[key];
      if (v === 0) continue;
      bar.append(
        s(
          'rect',
          {
            class: `s-${key}`,
            x: x(p.date) - barW / 2,
            y: y(base + v),
            width: barW,
            height: y(base) - y(base + v),
          },
          s('title', {}, `${formatDate(p.date)}: ${name} ${v}`),
        ),
      );
      base += v;
    }
    svg.append(bar);
  }
  // Date labels: about eight, counted back from the last (the date shown), so they never overlap.
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if ((points.length - 1 - i) % every === 0) {
      svg.append(
        s('text', { x: x(p.date), y: H - M.bottom + 16, 'text-anchor': 'middle' }, formatDate(p.date)),
      );
    }
  });
  /** @param {string} d */
  const inRange = (d) => d >= firstPoint.date && d <= lastPoint.date;
  for (const d of new Set(boardDates)) {
    if (!inRange(d)) continue;
    svg.append(s('line', { class: 'board-line', x1: x(d), x2: x(d), y1: M.top, y2: M.top + ph }));
    svg.append(s('text', { x: x(d), y: H - 6, 'text-anchor': 'middle' }, `Board ${formatDate(d)}`));
  }
  if (cursor && inRange(cursor)) {
    svg.append(s('line', { class: 'cursor-line', x1: x(cursor), x2: x(cursor), y1: M.top, y2: M.top + ph }));
  }
  svg.append(s('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: M.top + ph, y2: M.top + ph }));

  const legend = h(
    'ul',
    { class: 'legend' },
    SERIES.map(([key, name]) =>
      h('li', {}, h('span', { class: `swatch s-${key}`, 'aria-hidden': 'true' }), name),
    ),
    h('li', {}, h('span', { class: 'swatch s-board', 'aria-hidden': 'true' }), 'Board date'),
  );
  const stepNote = h(
    'p',
    { class: 'meta', id: 'rag-chart-step', dataset: { step: series.step } },
    `One bar per ${STEP_WORDS[series.step]}, ${formatDate(firstPoint.date)} to ${formatDate(lastPoint.date)} (${points.length} bars).`,
  );
  return [stepNote, h('div', { class: 'chart' }, svg), legend, dataTable(points)];
}

/**
 * @param {RagSeries} series
 * @param {RagPoint} first
 * @param {RagPoint} last
 */
function describe(series, first, last) {
  const words = SERIES.map(([k, n]) => `${n} ${last[k]}`).join(', ');
  return `${series.points.length} dates, one per ${STEP_WORDS[series.step]}, from ${formatDate(first.date)} to ${formatDate(last.date)}. On the last: ${words}.`;
}

/** @param {RagPoint[]} points */
function dataTable(points) {
  return h(
    'details',
    { class: 'no-print' },
    h('summary', {}, 'Chart data as a table'),
    h(
      'table',
      { class: 'small' },
      h('caption', {}, 'Items by RAG status on each date'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Date'),
          SERIES.map(([, n]) => h('th', { scope: 'col', class: 'num' }, n)),
        ),
      ),
      h(
        'tbody',
        {},
        points.map((p) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, formatDate(p.date)),
            SERIES.map(([k]) => h('td', { class: 'num' }, p[k])),
          ),
        ),
      ),
    ),
  );
}
