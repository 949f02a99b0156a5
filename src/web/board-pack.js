// @ts-check
// The board pack: the plans at the date shown, laid out to be printed (styles.css @media print
// hides the controls and starts each portfolio on a new page). It is the same projection as the
// screen, so what is printed is what the ledger answers for that (asOf, knownAt).

import { formatDate, formatInstant, h, ragBadge, statusBadge } from './dom.js';
import { plansView } from './plans-view.js';
import { ragSummary } from './rag-summary.js';

/**
 * @import { BoardReport, BoardCounts, Changes, DueItem, ItemChange, Overdue, PlanNames, Snapshot,
 *   TimePoint } from './types.js'
 */

/** @type {Record<string, string>} */
const RAG_WORD = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };
/** @type {(rag: string | null) => string} */
const word = (rag) => (rag && RAG_WORD[rag]) ?? 'not rated';

/**
 * One change in words, e.g. "re-rated Amber → Green".
 * @param {ItemChange} c
 * @param {PlanNames} planNames
 * @returns {string}
 */
function changeText(c, planNames) {
  const plan = (/** @type {string} */ id) => planNames.get(id) ?? id;
  switch (c.change) {
    case 'added':
      return 'added';
    case 'removed':
      return 'removed';
    case 'updated':
      return `${c.newUpdates} new update${c.newUpdates === 1 ? '' : 's'}${c.latest ? ` (latest ${formatDate(c.latest.effectiveOn)})` : ''}`;
    case 'responded':
      return `new response${c.effectiveOn ? ` (${formatDate(c.effectiveOn)})` : ''}: ${c.response}`;
    case 're-rated':
      return `re-rated ${word(c.from)} → ${word(c.to)}`;
    case 'completed':
      return 'completed';
    case 'marked-not-applicable':
      return 'marked not applicable';
    case 'reopened':
      return 'reopened';
    case 'transferred':
      return `transferred ${plan(c.fromPlanId)} → ${plan(c.toPlanId)}`;
    case 'lead-changed':
      return `lead moved ${plan(c.fromPlanId)} → ${plan(c.toPlanId)}`;
    case 'due-date-moved':
      return `due date ${c.from ? formatDate(c.from) : (c.fromTimescale ?? '—')} → ${c.to ? formatDate(c.to) : (c.toTimescale ?? '—')}${c.escalated ? ' (escalated)' : ''}`;
    case 'owners-changed':
      return 'owners changed';
    default: {
      /** @type {never} */
      const unknown = c;
      return /** @type {{ change: string }} */ (unknown).change;
    }
  }
}

/**
 * @param {Changes | null} changes
 * @param {PlanNames} planNames
 */
function changesSection(changes, planNames) {
  if (changes === null) {
    return h(
      'section',
      {},
      h('h3', {}, 'Changes since the previous board'),
      h('p', {}, 'No earlier board date.'),
    );
  }
  return h(
    'section',
    { id: 'pack-changes' },
    h('h3', {}, `Changes from ${formatDate(changes.from)} to ${formatDate(changes.to)}`),
    changes.items.length === 0
      ? h('p', {}, 'No changes.')
      : h(
          'ul',
          {},
          changes.items.map((i) =>
            h(
              'li',
              {},
              h('strong', {}, i.ref),
              `: ${i.changes.map((c) => changeText(c, planNames)).join('; ')}`,
            ),
          ),
        ),
  );
}

/**
 * @param {string} caption
 * @param {DueItem[]} entries
 */
function dueTable(caption, entries) {
  return h(
    'table',
    { class: 'small' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Ref', 'Due', 'Days', 'Action owner', 'RAG', 'Status'].map((n) => h('th', { scope: 'col' }, n)),
      ),
    ),
    h(
      'tbody',
      {},
      entries.map((e) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, e.item.ref),
          h('td', {}, formatDate(e.dueDate), e.escalated ? ' (escalated)' : ''),
          h(
            'td',
            { class: 'num' },
            e.daysOverdue > 0 ? `${e.daysOverdue} overdue` : `${-e.daysOverdue} left`,
          ),
          h('td', {}, e.actionOwner ?? '—'),
          h('td', {}, ragBadge(e.item.rag)),
          h('td', {}, statusBadge(e.item.status)),
        ),
      ),
    ),
  );
}

/** @param {Overdue} report */
function dueSection(report) {
  return h(
    'section',
    { id: 'pack-overdue' },
    h('h3', {}, `Overdue and due within ${report.dueSoonDays} days`),
    report.overdue.length + report.dueSoon.length === 0
      ? h('p', {}, 'Nothing overdue or due soon.')
      : [
          report.overdue.length > 0 ? dueTable('Overdue', report.overdue) : null,
          report.dueSoon.length > 0 ? dueTable('Due soon', report.dueSoon) : null,
        ],
  );
}

/**
 * @param {{ snapshot: Snapshot, summary: BoardCounts, changes: Changes | null, overdue: Overdue,
 *   boards: BoardReport[], planNames: PlanNames }} data changes is null without a previous board
 * @param {TimePoint} at the time point shown
 */
export function boardPack({ snapshot, summary, changes, overdue, boards, planNames }, at) {
  const date = at.date ?? snapshot.asOf;
  const presented = boards.filter((b) => b.boardDate === date);
  const title =
    presented.length > 0 ? [...new Set(presented.map((b) => b.boardName))].join(', ') : 'Improvement plans';
  const basis =
    at.date === null
      ? `Today, as recorded up to ${formatInstant(snapshot.knownAt)}.`
      : at.mode === 'board'
        ? `As the board saw it: the report presented on or before ${formatDate(date)}, exactly as it was presented.`
        : `Facts true on ${formatDate(date)} as known on ${formatInstant(snapshot.knownAt)}, corrections included.`;
  return h(
    'article',
    { class: 'pack', id: 'board-pack' },
    h(
      'header',
      { class: 'pack-header' },
      h('h2', {}, `Board pack: ${title}, ${formatDate(date)}`),
      h('p', {}, basis),
      h('p', { class: 'meta' }, `Produced by Plan Ledger on ${formatInstant(new Date().toISOString())}.`),
      h(
        'p',
        { class: 'no-print' },
        h(
          'button',
          { type: 'button', id: 'print-pack', onclick: () => window.print() },
          'Print the board pack',
        ),
      ),
    ),
    h('section', {}, h('h3', {}, 'RAG summary'), ragSummary(summary, { interactive: false })),
    changesSection(changes, planNames),
    dueSection(overdue),
    plansView(snapshot, { planNames }).map((section) => {
      section.classList.add('pack-portfolio');
      return section;
    }),
  );
}
