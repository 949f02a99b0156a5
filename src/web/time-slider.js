// @ts-check
// The point in time every view is drawn at: a slider over the board dates (plus "today"), a free
// date picker, and which knowledge to use. The two knowledge modes are the two questions of
// docs/architecture.md, Time: two axes: "what did the board see?" (asOf = knownAt = the date) and "what do we now know was
// true then?" (asOf = the date, knownAt = now).

import { formatDate, h } from './dom.js';

/** @import { BoardReport, TimePoint } from './types.js' */

/**
 * Builds the controls once and updates them in place afterwards: rebuilding on every change
 * would take keyboard focus away from the slider while someone is stepping through it.
 * `onChange({ date, mode })` fires when the reader commits a change; date null means today.
 * @param {HTMLElement} container
 * @param {(next: TimePoint) => void} onChange
 */
export function createTimeControls(container, onChange) {
  /** @type {BoardReport[]} */
  let boards = [];
  /** @type {(string | null)[]} the slider's stops: board dates, then today (null) */
  let stops = [null];
  /** @type {TimePoint} */
  let current = { date: null, mode: 'board' };

  const slider = h('input', { type: 'range', id: 'board-slider', min: 0, max: 0, step: 1, value: 0 });
  const ticks = h('div', { class: 'slider-ticks', 'aria-hidden': 'true' });
  // A text field, not type=date: Chromium draws its date picker in the browser's own locale
  // (mm/dd/yyyy on a US build) whatever the page's lang, and a board secretary writes 27/04/2011.
  const picker = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      id: 'pick-date',
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: 'dd/mm/yyyy',
      'aria-describedby': 'pick-date-hint',
    })
  );
  const pickerHint = h('span', { class: 'meta', id: 'pick-date-hint' }, 'Day/month/year, e.g. 27/04/2011');
  const modeBoard = h('input', { type: 'radio', name: 'knowledge', id: 'mode-board', value: 'board' });
  const modeNow = h('input', { type: 'radio', name: 'knowledge', id: 'mode-now', value: 'now' });
  const today = h('button', { type: 'button', id: 'back-to-today' }, 'Back to today');
  const showing = h('p', { class: 'showing', id: 'showing', 'aria-live': 'polite' });

  container.replaceChildren(
    h('h2', { id: 'time-heading' }, 'Point in time'),
    h(
      'div',
      { class: 'time-row' },
      h('div', { class: 'slider' }, h('label', { for: 'board-slider' }, 'Board dates'), slider, ticks),
      h('div', {}, h('label', { for: 'pick-date' }, 'Or any date'), picker, pickerHint),
      h(
        'div',
        { class: 'mode' },
        h(
          'fieldset',
          {},
          h('legend', {}, 'Knowledge'),
          h('label', {}, modeBoard, ' What the board saw (only what was recorded by that date)'),
          h('label', {}, modeNow, ' What we now know was true then (later corrections included)'),
        ),
      ),
      today,
    ),
    showing,
  );

  /** @param {string | null} date */
  const labelOf = (date) => {
    if (date === null) return 'Today';
    const names = boards.filter((b) => b.boardDate === date).map((b) => b.boardName);
    return names.length > 0 ? `${formatDate(date)}: ${[...new Set(names)].join(', ')}` : formatDate(date);
  };
  /** @param {Partial<TimePoint>} next */
  const commit = (next) => onChange({ ...current, ...next });

  slider.addEventListener('input', () => {
    slider.setAttribute('aria-valuetext', labelOf(stops[Number(slider.value)] ?? null));
  });
  slider.addEventListener('change', () => commit({ date: stops[Number(slider.value)] ?? null }));
  picker.addEventListener('change', () => {
    const date = parseUkDate(picker.value);
    if (date) {
      pickerHint.textContent = 'Day/month/year, e.g. 27/04/2011';
      commit({ date });
    } else pickerHint.textContent = `"${picker.value}" is not a date: write day/month/year, e.g. 27/04/2011.`;
  });
  modeBoard.addEventListener('change', () => commit({ mode: 'board' }));
  modeNow.addEventListener('change', () => commit({ mode: 'now' }));
  today.addEventListener('click', () => commit({ date: null }));

  function drawTicks() {
    ticks.replaceChildren(...stops.map((d) => h('span', {}, d === null ? 'Today' : formatDate(d))));
  }

  return {
    /**
     * Board reports (from GET /board-reports) give the slider its stops.
     * @param {BoardReport[]} reports
     */
    setBoards(reports) {
      boards = [...reports].sort((a, b) => a.boardDate.localeCompare(b.boardDate));
      this.update(current);
    },
    /**
     * Shows a state without firing onChange.
     * @param {TimePoint} next
     */
    update(next) {
      current = { ...next };
      // A date picked between board dates becomes a stop of its own, so the thumb sits on the
      // date the page shows (and moving off it and back is a real change).
      const dates = new Set(boards.map((b) => b.boardDate));
      if (current.date !== null) dates.add(current.date);
      stops = [...[...dates].sort(), null];
      slider.max = String(stops.length - 1);
      drawTicks();
      const index = Math.max(0, stops.indexOf(current.date));
      slider.value = String(index);
      slider.setAttribute('aria-valuetext', labelOf(stops[index] ?? null));
      picker.value = current.date ? formatUkDate(current.date) : '';
      modeBoard.checked = current.mode === 'board';
      modeNow.checked = current.mode === 'now';
      // Knowledge only matters for a past date: "today" is always what is known now.
      modeBoard.disabled = modeNow.disabled = current.date === null;
      showing.replaceChildren(...describe(current, labelOf));
    },
  };
}

/**
 * @param {TimePoint} at
 * @param {(date: string) => string} labelOf
 * @returns {(string | HTMLElement)[]}
 */
function describe({ date, mode }, labelOf) {
  if (date === null) return ['Showing ', h('strong', {}, 'today'), ', as recorded up to now.'];
  if (mode === 'board') {
    return [
      'Showing ',
      h('strong', {}, labelOf(date)),
      ' as the board saw it: the report presented on or before that date, exactly as it was presented.',
    ];
  }
  return [
    'Showing ',
    h('strong', {}, labelOf(date)),
    ' as we now know it: facts true on that date, including everything recorded since.',
  ];
}

/**
 * Query parameters for a time point: the report shown for "what the board saw", asOf alone for "now known".
 * @param {TimePoint} at
 * @returns {{ asOf?: string, reportedOn?: string }}
 */
export function timeParams({ date, mode }) {
  if (date === null) return {};
  return mode === 'board' ? { reportedOn: date } : { asOf: date };
}

/**
 * `27/04/2011`, `27-4-2011` or `2011-04-27` → `2011-04-27`; anything else (or 30/02) → null.
 * @param {string} text
 */
export function parseUkDate(text) {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y || !m || !d) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date ? null : date;
}

/** @param {string} date `2011-04-27` → `27/04/2011` */
const formatUkDate = (date) => date.split('-').reverse().join('/');
