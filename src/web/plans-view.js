// @ts-check
// Plans by portfolio: each plan's items as the plan document lists them (ref, text, owners, due
// date, latest update, RAG, status). Items the plan shares with a lead elsewhere, or has handed
// to another portfolio, are listed apart: they are part of the plan's record, not its count.

import { formatDate, h, itemLink, kindWord, ragBadge, statusBadge } from './dom.js';

/** @import { Item, PlanItem, PlanNames, Snapshot } from './types.js' */

/**
 * Open and past its due date on the day shown.
 * @type {(item: Item, asOf: string) => boolean}
 */
const isOverdue = (item, asOf) => item.status === 'open' && item.dueDate !== null && item.dueDate < asOf;

/**
 * @param {Item} item
 * @param {string} asOf
 */
function dueCell(item, asOf) {
  return h(
    'td',
    { class: 'due' },
    item.dueDate ? formatDate(item.dueDate) : (item.timescale ?? '—'),
    item.dueDate && item.timescale ? h('div', { class: 'meta' }, item.timescale) : null,
    item.escalated ? h('div', { class: 'flag' }, 'Escalated') : null,
    isOverdue(item, asOf) ? h('div', { class: 'flag' }, 'Overdue') : null,
  );
}

/**
 * @param {PlanItem} entry
 * @param {string} asOf
 * @param {PlanNames} planNames
 */
function itemRow(entry, asOf, planNames) {
  const { item } = entry;
  return h(
    'tr',
    { dataset: { itemId: item.itemId, ref: item.ref, status: item.status, rag: item.rag ?? 'none' } },
    h(
      'th',
      { scope: 'row' },
      itemLink(item.itemId, item.ref),
      h('div', { class: 'meta' }, kindWord(item.kind)),
    ),
    h(
      'td',
      { class: 'item-text' },
      item.text,
      entry.transferredIn
        ? h(
            'div',
            { class: 'meta' },
            `Transferred in from ${planNames.get(lastTransfer(item)?.fromPlanId ?? '') ?? 'another portfolio'}`,
          )
        : null,
    ),
    h(
      'td',
      { class: 'small' },
      h('div', {}, item.strategicLead ?? '—'),
      h('div', { class: 'meta' }, item.actionOwner ?? ''),
    ),
    dueCell(item, asOf),
    h(
      'td',
      { class: 'small' },
      item.latestUpdate
        ? [h('div', { class: 'meta' }, formatDate(item.latestUpdate.effectiveOn)), item.latestUpdate.text]
        : h('span', { class: 'meta' }, 'No update yet'),
    ),
    // A closed item has no RAG to act on: say it is closed, and keep its last RAG in words only.
    item.status === 'open'
      ? h('td', {}, ragBadge(item.rag))
      : h(
          'td',
          { class: 'closed-rag' },
          h(
            'span',
            { class: 'badge status-closed' },
            item.status === 'complete' ? 'Complete' : 'Not applicable',
          ),
          item.rag
            ? h('div', { class: 'meta' }, `last RAG ${item.rag.charAt(0)}${item.rag.slice(1).toLowerCase()}`)
            : null,
        ),
    h(
      'td',
      {},
      statusBadge(item.status),
      item.closedOn ? h('div', { class: 'meta' }, formatDate(item.closedOn)) : null,
    ),
  );
}

/** @type {(item: Item) => Item['transfers'][number] | undefined} */
const lastTransfer = (item) => item.transfers[item.transfers.length - 1];

/**
 * @param {string} caption
 * @param {PlanItem[]} entries
 * @param {string} asOf
 * @param {PlanNames} planNames
 */
function itemsTable(caption, entries, asOf, planNames) {
  return h(
    'table',
    { class: 'items' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          'Ref',
          'Recommendation or area for improvement',
          'Lead and owner',
          'Due',
          'Latest update',
          'RAG',
          'Status',
        ].map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    h(
      'tbody',
      {},
      entries.map((e) => itemRow(e, asOf, planNames)),
    ),
  );
}

/**
 * A line for an item this plan lists but does not answer for.
 * @param {PlanItem} entry
 * @param {PlanNames} planNames
 */
function elsewhereLine(entry, planNames) {
  const { item } = entry;
  const where =
    entry.role === 'transferred-out'
      ? `transferred to ${planNames.get(item.planId) ?? 'another portfolio'} on ${formatDate(lastTransfer(item)?.effectiveOn)}`
      : `shared; ${planNames.get(item.jointAllocation?.leadPlanId ?? '') ?? 'another portfolio'} answers for it`;
  return h('li', { dataset: { itemId: item.itemId } }, itemLink(item.itemId, item.ref), ` ${where}`);
}

/**
 * Every plan of GET /snapshot, one section per portfolio.
 * @param {Snapshot} snapshot
 * @param {{ planNames: PlanNames }} options
 * @returns {HTMLElement[]}
 */
export function plansView(snapshot, { planNames }) {
  const plans = snapshot.plans.filter((p) => p.plan !== null || p.items.length > 0);
  if (plans.length === 0) return [h('p', { class: 'notice' }, 'No plans at this point in time.')];
  return plans.map((snap) => {
    const name = snap.plan?.portfolio ?? 'Plan not yet opened';
    const lead = snap.items.filter((e) => e.role === 'lead');
    const elsewhere = snap.items.filter((e) => e.role !== 'lead');
    const headingId = `plan-${snap.planId}`;
    return h(
      'section',
      { class: 'plan', 'aria-labelledby': headingId, dataset: { planId: snap.planId, portfolio: name } },
      h('h3', { id: headingId }, name),
      snap.plan
        ? h(
            'p',
            { class: 'meta' },
            `Portfolio owner: ${snap.plan.portfolioOwner ?? '—'} · Plan owner: ${snap.plan.planOwner ?? '—'} · Opened ${formatDate(snap.plan.openedOn)}`,
          )
        : null,
      lead.length > 0
        ? itemsTable(`${name}: ${lead.length} items`, lead, snapshot.asOf, planNames)
        : h('p', {}, 'No items at this point in time.'),
      elsewhere.length > 0
        ? [
            h('h4', {}, 'Listed here, counted elsewhere'),
            h(
              'ul',
              {},
              elsewhere.map((e) => elsewhereLine(e, planNames)),
            ),
          ]
        : null,
    );
  });
}
