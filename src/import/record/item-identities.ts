import { normaliseRef } from '../../domain/ids.js';
import type { LineNote, ParsedInspection, ParsedItem } from '../parsed-document.js';

/** One row of one plan that lists an item. */
export interface Listing {
  /** Index of the plan in its inspection. */
  readonly planIndex: number;
  readonly item: ParsedItem;
}

/** One item of the ledger: every row (in one or several plans) that lists it. */
export interface ItemIdentity {
  /** The ref the ledger records, unique in the inspection (see `assignRefs`). */
  readonly ref: string;
  /** The read side's key (`kind/ref`, `#n`), plus `@portfolio` when split here. */
  readonly key: string;
  /** In document order. */
  readonly listings: readonly Listing[];
}

/** Rows grouped by the read side's key, before refs are assigned. */
export interface ListingGroup {
  readonly key: string;
  readonly listings: Listing[];
}

const keyOf = (item: ParsedItem) => item.key ?? `${item.kind}/${item.ref}`;

/** Parenthesised notes ("(This was transferred from …)") are the plan's, not the inspectorate's. */
const comparableText = (text: string) =>
  text
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const isShared = (item: ParsedItem) => (item.transfers?.length ?? 0) > 0 || (item.jointWith?.length ?? 0) > 0;

/**
 * Groups the rows of an inspection into items. The same key in several plans is one item when
 * the rows say so (a transfer or a joint allocation) or share the wording; a row under the same
 * key with other wording and no such link is a different finding the plan numbered alike (seed
 * 002's AFI.25 in Human Resources) and becomes its own item, with a note.
 */
export function groupListings(inspection: ParsedInspection): { groups: ListingGroup[]; notes: LineNote[] } {
  const notes: LineNote[] = [];
  const groups = new Map<string, Listing[]>();
  inspection.plans.forEach((plan, planIndex) => {
    for (const item of plan.items) {
      const key = keyOf(item);
      const listings = groups.get(key) ?? [];
      listings.push({ planIndex, item });
      groups.set(key, listings);
    }
  });
  const out: ListingGroup[] = [];
  for (const [key, listings] of groups) {
    const first = listings[0];
    if (!first || listings.length === 1 || listings.some((l) => isShared(l.item))) {
      out.push({ key, listings });
      continue;
    }
    const same: Listing[] = [];
    for (const listing of listings) {
      if (comparableText(listing.item.text) === comparableText(first.item.text)) {
        same.push(listing);
        continue;
      }
      const portfolio = inspection.plans[listing.planIndex]?.portfolio ?? `plan ${listing.planIndex + 1}`;
      notes.push({
        line: listing.item.line,
        reason: `Ref ${listing.item.ref} is also printed at line ${first.item.line} with other wording, and no transfer or joint allocation links the two: this row was imported as a separate item, "${listing.item.ref} (${portfolio})". If they are the same item, make the wording match and import again`,
      });
      out.push({ key: `${key}@${portfolio}`, listings: [listing] });
    }
    out.unshift({ key, listings: same });
  }
  out.sort((a, b) => (a.listings[0]?.item.line ?? 0) - (b.listings[0]?.item.line ?? 0));
  return { groups: out, notes };
}

/** What tells apart two items printed with the same ref: `#n`, another kind, or another plan. */
function qualifier(
  key: string,
  first: ItemIdentity | undefined,
  item: ParsedItem,
  portfolio: string,
): string {
  const reuse = /#(\d+)$/.exec(key.split('@')[0] ?? '');
  if (reuse) return `#${reuse[1]}`;
  if (key.includes('@')) return `(${portfolio})`;
  const firstKind = first?.listings[0]?.item.kind;
  if (firstKind !== undefined && firstKind !== item.kind) return `(${item.kind})`;
  return `(line ${item.line})`;
}

/**
 * The refs the ledger records. An item is unique by (inspection, normalised ref), so a ref the
 * document prints for two items keeps its printed form for the first and gets a qualifier for
 * the others: `pg 54 paragraph 3.41 #2` (reused in one plan, seed 000), `1 (sub-recommendation)`
 * (numbering restarting under another kind, seeds 001 and 004), `AFI.25 (Human Resources)`.
 */
export function assignRefs(
  inspection: ParsedInspection,
  groups: readonly ListingGroup[],
): { identities: ItemIdentity[]; notes: LineNote[] } {
  const notes: LineNote[] = [];
  const taken = new Map<string, ItemIdentity>();
  const out: ItemIdentity[] = [];
  for (const group of groups) {
    const listing = group.listings[0];
    if (!listing) continue;
    const printed = listing.item.ref;
    let ref = printed;
    const first = taken.get(normaliseRef(ref));
    if (first) {
      const portfolio = inspection.plans[listing.planIndex]?.portfolio ?? '';
      ref = `${printed} ${qualifier(group.key, first, listing.item, portfolio)}`;
      if (taken.has(normaliseRef(ref))) ref = `${printed} (line ${listing.item.line})`;
      notes.push({
        line: listing.item.line,
        reason: `Ref ${printed} is already used by another item of this inspection (line ${first.listings[0]?.item.line ?? '?'}): this row was recorded as "${ref}". If both rows are the same item, list it once and import again`,
      });
    }
    const identity: ItemIdentity = { ref, key: group.key, listings: group.listings };
    taken.set(normaliseRef(ref), identity);
    out.push(identity);
  }
  return { identities: out, notes };
}
