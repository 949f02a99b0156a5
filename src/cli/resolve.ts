/**
 * Names to ids, for people who have a paper, not a database: an inspection by title, a plan by
 * portfolio name, an item by its ref (`AFI.10`), or any of them by a unique prefix of its id, in
 * any case. Lookups ask the server (the widest view: today, as known now), and an ambiguous name
 * lists the candidates with their ids and how to pick one.
 */
import { GetPlansResult, ListInspectionsResult, ListPlansResult } from '../../projections/runtime/queries.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import { expectShape, getJson, type ServerTarget } from './http-client.js';

/** Ids are ULIDs: 26 Crockford base-32 characters, upper case. */
const ID_PREFIX = /^[0-9A-HJKMNP-TV-Z]{4,26}$/;
/** Refs compare as the ledger keys them: trimmed, whitespace collapsed, upper case. */
export const normaliseRef = (ref: string) => ref.trim().replace(/\s+/g, ' ').toUpperCase();
const fold = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');

interface Candidate {
  id: string;
  label: string;
}

/**
 * One candidate whose id starts with `text` (any case), else whose name equals it (any case),
 * else whose name starts with it. Zero → not found; several → a usage error listing them.
 */
function pick<T extends Candidate>(
  what: string,
  text: string,
  all: T[],
  name: (c: T) => string,
  hint: string,
): T {
  const upper = text.trim().toUpperCase();
  const byId = ID_PREFIX.test(upper) ? all.filter((c) => c.id.startsWith(upper)) : [];
  const exact = all.filter((c) => fold(name(c)) === fold(text));
  const prefix = all.filter((c) => fold(name(c)).startsWith(fold(text)));
  const found = byId.length > 0 ? byId : exact.length > 0 ? exact : prefix;
  const [only, ...others] = found;
  if (only && others.length === 0) return only;
  if (!only) {
    const known = [...new Set(all.map(name))].slice(0, 12).join(', ');
    throw new CliError(
      `The ${what} "${text}" was not found. Known: ${known || 'none'}${all.length > 12 ? ', …' : ''}. Check the spelling, or use its id.`,
      EXIT.notFound,
    );
  }
  throw usageError(
    `"${text}" matches ${found.length} ${what}s:\n${found.map((c) => `  ${c.id}  ${c.label}`).join('\n')}\n${hint}`,
  );
}

export async function resolveInspection(target: ServerTarget, text: string): Promise<string> {
  const { inspections } = expectShape(
    ListInspectionsResult,
    await getJson(target, '/inspections'),
    'inspections',
  );
  const all = inspections.map((i) => ({ id: i.inspectionId, label: i.title, title: i.title }));
  return pick('inspection', text, all, (c) => c.title, 'Give more of the title, or a longer id prefix.').id;
}

/** The plan a portfolio name (or id prefix) names, within one inspection when given. */
export async function resolvePlan(
  target: ServerTarget,
  text: string,
  inspectionId?: string,
): Promise<string> {
  const list = expectShape(ListPlansResult, await getJson(target, '/plans', { inspectionId }), 'plans');
  const titles = await inspectionTitles(target);
  const all = list.plans.map((p) => ({
    id: p.planId,
    portfolio: p.plan?.portfolio ?? p.planId,
    label: `${p.plan?.portfolio ?? '(not opened)'} · ${titles.get(p.plan?.inspectionId ?? '') ?? 'unknown inspection'}`,
  }));
  return pick(
    'plan',
    text,
    all,
    (c) => c.portfolio,
    'Name the inspection with --inspection "<title>", or use the plan id.',
  ).id;
}

export interface ResolvedItem {
  itemId: string;
  ref: string;
  inspectionId: string;
  planId: string;
}

/** The item a ref (`AFI.10`, any case) or an id prefix names, within one inspection when given. */
export async function resolveItem(
  target: ServerTarget,
  text: string,
  inspectionId?: string,
): Promise<ResolvedItem> {
  const snapshot = expectShape(
    GetPlansResult,
    await getJson(target, '/snapshot', { inspectionId }),
    'snapshot',
  );
  const titles = await inspectionTitles(target);
  const portfolios = new Map(snapshot.plans.map((p) => [p.planId, p.plan?.portfolio ?? p.planId]));
  const items = new Map<string, ResolvedItem & Candidate>();
  for (const plan of snapshot.plans) {
    for (const { item } of plan.items) {
      items.set(item.itemId, {
        id: item.itemId,
        itemId: item.itemId,
        ref: item.ref,
        inspectionId: item.inspectionId,
        planId: item.planId,
        label: `${item.ref} · ${portfolios.get(item.planId) ?? item.planId} · ${titles.get(item.inspectionId) ?? item.inspectionId}`,
      });
    }
  }
  const all = [...items.values()];
  // A ref is matched whole, or as the paper's short form: "AFI.10" is "AFI.10 (R.2)", but
  // "AFI.1" is not "AFI.10". Nothing matching as a ref: the text may be an id prefix.
  const wanted = normaliseRef(text);
  const byRef = all.filter((c) => {
    const ref = normaliseRef(c.ref);
    return ref === wanted || ref.startsWith(`${wanted} `) || ref.startsWith(`${wanted}(`);
  });
  const pool = byRef.length > 0 ? byRef : all;
  return pick(
    'item',
    text,
    pool,
    (c) => c.ref,
    'Name the inspection with --inspection "<title>", or use the item id.',
  );
}

/** inspectionId → title, for labels. */
export async function inspectionTitles(target: ServerTarget): Promise<Map<string, string>> {
  const { inspections } = expectShape(
    ListInspectionsResult,
    await getJson(target, '/inspections'),
    'inspections',
  );
  return new Map(inspections.map((i) => [i.inspectionId, i.title]));
}
