// @ts-check
// One item and its audit trail: every event in business-time order with who recorded it, the
// date it became true and the instant it was recorded; a correction or retraction is shown
// beside the entry it fixes, with what the entry said before, because the ledger never rewrites.

import { formatDate, formatInstant, h, kindWord, ragBadge, statusBadge } from './dom.js';

/** @import { HistoryEntry, HistoryFix, Item, ItemHistory, PlanNames } from './types.js' */

/** @type {Record<string, string>} */
const RAG_WORD = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };
/** @type {(r: unknown) => string} */
const rag = (r) => (typeof r === 'string' && RAG_WORD[r]) || 'not rated';

/**
 * One sentence per event type, in the words of a plan document. The history sends each entry's
 * data as a record (its schema is the event's, chosen by `type`), so fields are read loosely.
 * @param {string} type
 * @param {Record<string, any>} d
 * @param {PlanNames} planNames
 * @returns {[string, string?]}
 */
function describeEvent(type, d, planNames) {
  const plan = (/** @type {string} */ id) => planNames.get(id) ?? id;
  switch (type) {
    case 'RecommendationReceived':
      return [
        `Received into ${plan(d.planId)}: ${d.ref}, due ${d.dueDate ? formatDate(d.dueDate) : (d.timescale ?? '—')}`,
        d.text,
      ];
    case 'OwnerAssigned':
      return [`Owners: strategic lead ${d.strategicLead ?? '—'}, action owner ${d.actionOwner ?? '—'}`];
    case 'DueDateChanged':
      return [
        `Due date changed to ${d.dueDate ? formatDate(d.dueDate) : (d.timescale ?? '—')}${d.escalated ? ' (escalated)' : ''}`,
        d.reason,
      ];
    case 'ResponseRecorded':
      return ['Response recorded', d.response];
    case 'UpdatePosted':
      return ['Update posted', d.text];
    case 'RagChanged':
      return [`RAG changed from ${rag(d.from)} to ${rag(d.to)}`, d.reason];
    case 'MarkedComplete':
      return ['Marked complete', d.evidence];
    case 'Reopened':
      return ['Reopened', d.reason];
    case 'MarkedNotApplicable':
      return ['Marked not applicable', d.reason];
    case 'TransferredBetweenPortfolios':
      return [`Transferred from ${plan(d.fromPlanId)} to ${plan(d.toPlanId)}`, d.note];
    case 'JointlyAllocated':
      return [
        `Shared with ${(d.withPlanIds ?? []).map(plan).join(', ')}; ${plan(d.leadPlanId)} answers for it`,
      ];
    default:
      return [type, JSON.stringify(d)];
  }
}

/** What each basis of an imputed date means, in the reader's words. */
const DATE_FROM = {
  stated: 'the date written in the paper',
  'date-of-update': "the row's Date of Update",
  'first-update': "the row's first dated update",
  'latest-update': "the row's latest dated update",
  'paper-date': "the paper's own date",
  'stated-month': 'the month the paper states (its last day)',
  'document-start': 'the earliest date in the document',
  'import-day': 'the day it was imported',
};

/**
 * "004.txt, sheet Plan, line 21, column 6 (Latest Update)": the cell a secretary can find.
 * @param {NonNullable<HistoryEntry['provenance']>} p
 */
function whereFrom(p) {
  const column = p.column ? `column ${p.column.number}${p.column.title ? ` (${p.column.title})` : ''}` : null;
  return [p.fileName, p.sheet ? `sheet ${p.sheet}` : null, p.line ? `line ${p.line}` : null, column]
    .filter(Boolean)
    .join(', ');
}

/**
 * Where an imported entry came from, and whether its date is the paper's or imputed (marked).
 * @param {HistoryEntry['provenance']} p
 */
function sourceLine(p) {
  if (!p) return null;
  const where = whereFrom(p);
  return h(
    'div',
    {
      class: p.dateStated ? 'meta source' : 'meta source imputed',
      dataset: { dateStated: String(p.dateStated) },
    },
    `From ${where}. `,
    p.dateStated
      ? 'Date as written in the paper.'
      : h('strong', {}, `Date imputed: the paper does not date this; taken from ${DATE_FROM[p.dateFrom]}.`),
  );
}

/** @param {HistoryFix} fix */
function fixLine(fix) {
  const what =
    fix.type === 'EntryRetracted'
      ? 'Retracted'
      : `Corrected${fix.fields && Object.keys(fix.fields).length > 0 ? ` (${Object.keys(fix.fields).join(', ')})` : ''}${fix.movedTo ? `, dated ${formatDate(fix.movedTo)}` : ''}`;
  return h(
    'div',
    { class: 'fix', dataset: { fixType: fix.type } },
    h('strong', {}, what),
    `: ${fix.reason} — by ${fix.by}, effective ${formatDate(fix.effectiveOn)}, recorded ${formatInstant(fix.recordedAt)}`,
    fix.provenance ? h('span', { class: 'source' }, `. From ${whereFrom(fix.provenance)}.`) : null,
  );
}

/**
 * @param {HistoryEntry} entry
 * @param {string | null} asOf
 * @param {PlanNames} planNames
 */
function entryItem(entry, asOf, planNames) {
  const [headline, detail] = describeEvent(entry.type, entry.data, planNames);
  const after = asOf !== null && entry.effectiveOn > asOf;
  const was =
    entry.originalData !== null
      ? describeEvent(entry.type, entry.originalData, planNames).filter(Boolean).join(': ')
      : null;
  return h(
    'li',
    {
      class: entry.retracted ? 'retracted' : undefined,
      dataset: { type: entry.type, effectiveOn: entry.effectiveOn, position: entry.position },
    },
    h(
      'div',
      { class: 'entry-head' },
      `${formatDate(entry.effectiveOn)} · ${headline}`,
      entry.retracted ? ' (retracted)' : '',
      after ? h('span', { class: 'meta' }, ' — after the date shown') : null,
    ),
    detail ? h('div', { class: 'entry-body' }, detail) : null,
    h(
      'div',
      { class: 'meta' },
      `By ${entry.by}; recorded ${formatInstant(entry.recordedAt)}`,
      entry.originalEffectiveOn !== entry.effectiveOn
        ? `; first dated ${formatDate(entry.originalEffectiveOn)}`
        : '',
      entry.stateAfter && !entry.retracted
        ? ['; after it: ', ragBadge(entry.stateAfter.rag), ' ', statusBadge(entry.stateAfter.status)]
        : null,
    ),
    sourceLine(entry.provenance),
    entry.data.asReported === true
      ? h(
          'div',
          { class: 'meta as-reported', dataset: { asReported: 'true' } },
          h('strong', {}, 'Recorded as the paper reports it'),
          ': the item was closed in the ledger at the time and the paper does not say it was reopened.',
        )
      : null,
    was ? h('div', { class: 'was' }, `As first recorded: ${was}`) : null,
    entry.fixes.map(fixLine),
  );
}

/**
 * @param {Item} item
 * @param {PlanNames} planNames
 */
function facts(item, planNames) {
  /** @type {(name: string, ...value: import('./types.js').Child[]) => HTMLElement[]} */
  const row = (name, ...value) => [h('dt', {}, name), h('dd', {}, ...value)];
  return h(
    'dl',
    { class: 'facts' },
    row('Portfolio', planNames.get(item.planId) ?? item.planId),
    row('Kind', kindWord(item.kind), item.parentRef ? ` (feeds ${item.parentRef})` : ''),
    item.section ? row('Section', item.section) : null,
    row('Text', item.text),
    row('Strategic lead', item.strategicLead ?? '—'),
    row('Action owner', item.actionOwner ?? '—'),
    row(
      'Due',
      item.dueDate ? formatDate(item.dueDate) : (item.timescale ?? '—'),
      item.escalated ? ' (escalated)' : '',
    ),
    row('Initial response', item.initialResponse ?? '—'),
    row('RAG', ragBadge(item.rag)),
    row('Status', statusBadge(item.status), item.closedOn ? ` since ${formatDate(item.closedOn)}` : ''),
  );
}

/**
 * @param {{ item: Item | null, history: ItemHistory, asOf: string | null, planNames: PlanNames }} view
 *   item: GET /items/:id at the time point, or null when the item did not exist then;
 *   history: GET /items/:id/history at the time point's knownAt;
 *   asOf: the business date shown (null: today), to mark entries after it
 */
export function itemView({ item, history, asOf, planNames }) {
  const first = history.entries[0];
  const ref = item?.ref ?? first?.data?.ref ?? history.itemId;
  return [
    h('p', { class: 'no-print' }, h('a', { href: '#/' }, '← Back to plans and summary')),
    h('h2', { id: 'item-heading' }, `Item ${ref}`),
    item
      ? facts(item, planNames)
      : h(
          'p',
          { class: 'notice' },
          'This item had not been received at the date shown; its history is below.',
        ),
    h('h3', {}, `History: ${history.entries.length} entries, in the order they took effect`),
    h('p', { class: 'meta' }, `As recorded by ${formatInstant(history.knownAt)}.`),
    h(
      'ol',
      { class: 'history', id: 'item-history', 'aria-labelledby': 'item-heading' },
      history.entries.map((e) => entryItem(e, asOf, planNames)),
    ),
  ];
}
