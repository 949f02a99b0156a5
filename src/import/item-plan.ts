import type { Ulid } from '../domain/fields.js';
import { itemIdFor } from '../domain/ids.js';
import type { ItemIdentity, Listing } from './item-identities.js';
import type { IsoDate, LineNote, ParsedItem } from './parsed-document.js';
import { type DraftCommand, RANK } from './planned-command.js';
import { splitUpdates } from './updates.js';

/** What an item's commands need to know about the rest of the document. */
export interface ItemPlanContext {
  readonly inspectionId: Ulid;
  /** Plan ids by plan index in the inspection. */
  readonly planIds: readonly Ulid[];
  /** The plan of a portfolio named in a transfer or joint allocation; null when none matches. */
  planOf(portfolio: string): { planId: Ulid; planIndex: number } | null;
  readonly portfolios: readonly string[];
}

const SHORT = 500;
const LONG = 20_000;

/** Fits free text into a field's bound, with a note when it had to be cut. */
function bounded(
  text: string | null,
  max: number,
  line: number,
  what: string,
  notes: LineNote[],
): string | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length <= max) return trimmed;
  notes.push({ line, reason: `${what} is longer than ${max} characters: cut to fit` });
  return `${trimmed.slice(0, max - 1)}…`;
}

const RAG_TO = { red: 'RED', amber: 'AMBER', green: 'GREEN' } as const;

/**
 * The listing whose wording, due date and owners the item is received with: the one in the
 * plan it ends up in after transfers, else (jointly allocated) the first one carrying a RAG,
 * else the first.
 */
function primaryListing(listings: readonly Listing[], finalPlanIndex: number | null): Listing {
  const first = listings[0];
  if (!first) throw new Error('an item identity has at least one listing');
  if (finalPlanIndex !== null) {
    const inFinal = listings.find((l) => l.planIndex === finalPlanIndex);
    if (inFinal) return inFinal;
  }
  return listings.find((l) => l.item.rag !== null) ?? first;
}

/** Transfers of all listings, once each, oldest first; those naming no plan of the document are noted. */
function transfersOf(listings: readonly Listing[], ctx: ItemPlanContext, notes: LineNote[]) {
  const seen = new Set<string>();
  const out: { from: number | null; to: number; effectiveOn: IsoDate | null; line: number; text: string }[] =
    [];
  for (const { item } of listings) {
    for (const t of item.transfers ?? []) {
      const to = t.toPortfolio === null ? null : ctx.planOf(t.toPortfolio);
      const from = t.fromPortfolio === null ? null : ctx.planOf(t.fromPortfolio);
      if (!to) {
        notes.push({
          line: t.line,
          reason: `transfer "${t.text}" names no plan of this document: not recorded`,
        });
        continue;
      }
      const id = `${from?.planIndex ?? '?'}>${to.planIndex}@${t.effectiveOn ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        from: from?.planIndex ?? null,
        to: to.planIndex,
        effectiveOn: t.effectiveOn,
        line: t.line,
        text: t.text,
      });
    }
  }
  return out.sort((a, b) => (a.effectiveOn ?? '').localeCompare(b.effectiveOn ?? ''));
}

/** The dated facts of one listing: response, updates, RAG, completion. */
function listingFacts(
  itemId: Ulid,
  listing: Listing,
  portfolio: string,
  seen: { responses: Set<string>; updates: Set<string> },
  closedOn: { date: IsoDate | null },
  notes: LineNote[],
): DraftCommand[] {
  const { item } = listing;
  const line = item.line;
  const out: DraftCommand[] = [];
  const updateDates = item.updates.map((u) => u.effectiveOn).filter((d) => d !== null);
  // The row's own date; without one, its latest dated update; without that, the document start.
  const rowDate = item.dateOfUpdate ?? updateDates.at(-1) ?? null;

  const fromResponseCell = item.updatesFrom === 'initial-response';
  let updates = item.updates;
  let response: { text: string | null; effectiveOn: IsoDate | null } = { text: null, effectiveOn: null };
  if (fromResponseCell) {
    // The response cell was split into dated entries: its first entry is the response, the
    // others are updates, so no text is recorded twice.
    const [head, ...rest] = item.updates;
    response = { text: head?.text ?? item.initialResponse, effectiveOn: head?.effectiveOn ?? null };
    updates = rest;
  } else if (item.initialResponse !== null) {
    const dated = splitUpdates(item.initialResponse, null, line).updates.find((u) => u.effectiveOn !== null);
    const earliest = [dated?.effectiveOn, updateDates[0], item.dateOfUpdate]
      .filter((d) => d != null)
      .sort()[0];
    response = { text: item.initialResponse, effectiveOn: earliest ?? null };
  }
  const responseText = bounded(response.text, LONG, line, 'the response', notes);
  if (responseText !== null && !seen.responses.has(responseText)) {
    seen.responses.add(responseText);
    if (response.effectiveOn === null)
      notes.push({ line, reason: 'response has no date: recorded as of the document start' });
    out.push({
      command: { type: 'RecordResponse', data: { itemId, response: responseText } },
      effectiveOn: response.effectiveOn,
      line,
      rank: RANK.response,
    });
  }
  for (const update of updates) {
    const text = bounded(update.text, LONG, line, 'an update', notes);
    if (text === null) continue;
    const effectiveOn = update.effectiveOn ?? rowDate;
    const id = `${effectiveOn ?? ''}\u0000${text}`;
    if (seen.updates.has(id)) {
      notes.push({
        line,
        reason: `update "${text.slice(0, 40)}…" already listed in another plan: recorded once`,
      });
      continue;
    }
    seen.updates.add(id);
    if (effectiveOn === null)
      notes.push({
        line,
        reason: `update "${text.slice(0, 40)}…" has no date: recorded as of the document start`,
      });
    out.push({
      command: { type: 'PostUpdate', data: { itemId, text } },
      effectiveOn,
      line,
      rank: RANK.update,
    });
  }
  if (item.rag === null && item.complete === null) return out;
  if (rowDate === null) {
    notes.push({
      line,
      reason: 'status has no Date of Update: RAG / completion recorded as of the document start',
    });
  }
  const rag = item.rag;
  const completed = item.complete === 'yes' || rag === 'complete';
  const notApplicable = !completed && (item.complete === 'n/a' || rag === 'n/a');
  if (item.complete === 'yes' && rag === 'n/a')
    notes.push({ line, reason: 'Complete says Yes and RAG says N/A: recorded as complete' });
  if (rag === 'red' || rag === 'amber' || rag === 'green') {
    if (closedOn.date !== null && (rowDate ?? '') >= closedOn.date) {
      notes.push({ line, reason: `RAG ${rag} after the item was closed (${closedOn.date}): not recorded` });
    } else {
      out.push({
        command: { type: 'ChangeRag', data: { itemId, to: RAG_TO[rag], reason: null } },
        effectiveOn: rowDate,
        line,
        rank: RANK.rag,
      });
    }
  }
  if (completed) {
    out.push({
      command: { type: 'MarkComplete', data: { itemId, evidence: null } },
      effectiveOn: rowDate,
      line,
      rank: RANK.close,
    });
  } else if (notApplicable) {
    const reason = `marked N/A in the ${portfolio} plan (line ${line})`.slice(0, SHORT);
    out.push({
      command: { type: 'MarkNotApplicable', data: { itemId, reason } },
      effectiveOn: rowDate,
      line,
      rank: RANK.close,
    });
  }
  if (completed || notApplicable) closedOn.date = rowDate ?? '';
  return out;
}

/** Due date / timescale as received: a readable date, else the heading's timescale or the cell's words. */
function dueOf(item: ParsedItem, notes: LineNote[]) {
  const timescale = item.dueDate === null ? (item.timescale ?? item.dueText) : item.timescale;
  return { dueDate: item.dueDate, timescale: bounded(timescale, SHORT, item.line, 'the timescale', notes) };
}

const REPORT_REF = /\b(pg|page|para|paragraph)\b/i;

/**
 * The commands of one item, in no particular order (planImport sorts them by date and rank):
 * received into the plan it started in, owners, joint allocation, transfers, then per listing
 * the response, every dated update, the RAG and completion on the row's Date of Update.
 */
export function planItem(identity: ItemIdentity, ctx: ItemPlanContext, notes: LineNote[]): DraftCommand[] {
  const itemId = itemIdFor(ctx.inspectionId, identity.ref);
  const transfers = transfersOf(identity.listings, ctx, notes);
  const finalPlan = transfers.at(-1)?.to ?? null;
  const primary = primaryListing(identity.listings, finalPlan);
  const origin = transfers[0]?.from ?? primary.planIndex;
  const { item } = primary;
  const line = item.line;
  const planId = ctx.planIds[origin];
  if (planId === undefined) throw new Error(`no plan at index ${origin}`);
  const text = bounded(item.text, LONG, line, 'the text', notes) ?? `(no text in the source, line ${line})`;
  if (item.text.trim() === '') notes.push({ line, reason: 'row has no text: recorded with a placeholder' });
  const ref = bounded(identity.ref, SHORT, line, 'the ref', notes) ?? `line-${line}`;
  const out: DraftCommand[] = [
    {
      command: {
        type: 'ReceiveRecommendation',
        data: {
          inspectionId: ctx.inspectionId,
          planId,
          ref,
          kind: item.kind,
          parentRef: bounded(item.parentRef, SHORT, line, 'the parent ref', notes),
          text,
          reportReference: REPORT_REF.test(item.ref)
            ? bounded(item.ref, SHORT, line, 'the ref', notes)
            : null,
          section: bounded(item.section, SHORT, line, 'the section', notes),
          ...dueOf(item, notes),
        },
      },
      effectiveOn: null,
      line,
      rank: RANK.create,
    },
  ];
  const strategicLead = bounded(item.strategicLead, SHORT, line, 'the strategic lead', notes);
  const actionOwner = bounded(item.actionOwner, SHORT, line, 'the action owner', notes);
  if (strategicLead !== null || actionOwner !== null) {
    out.push({
      command: { type: 'AssignOwner', data: { itemId, strategicLead, actionOwner } },
      effectiveOn: null,
      line,
      rank: RANK.owners,
    });
  }
  for (const other of identity.listings) {
    if (other === primary) continue;
    const o = other.item;
    if (
      o.dueDate !== item.dueDate ||
      o.strategicLead !== item.strategicLead ||
      o.actionOwner !== item.actionOwner
    ) {
      notes.push({
        line: o.line,
        reason: `due date / owners of this listing differ from line ${line}'s: the item keeps line ${line}'s`,
      });
    }
  }
  let current = origin;
  for (const t of transfers) {
    if (t.to === current) {
      notes.push({
        line: t.line,
        reason: `transfer "${t.text}" moves the item to the plan it is already in: not recorded`,
      });
      continue;
    }
    const toPlanId = ctx.planIds[t.to];
    if (toPlanId === undefined) continue;
    out.push({
      command: {
        type: 'TransferToPlan',
        data: { itemId, toPlanId, note: bounded(t.text, SHORT, t.line, 'the transfer note', notes) },
      },
      effectiveOn: t.effectiveOn,
      line: t.line,
      rank: RANK.transfer,
    });
    current = t.to;
  }
  const moved = transfers.length > 0;
  out.push(
    ...jointAllocation(
      identity,
      ctx,
      itemId,
      current,
      primary,
      moved,
      transfers.at(-1)?.effectiveOn ?? null,
      notes,
    ),
  );
  const seen = { responses: new Set<string>(), updates: new Set<string>() };
  const closedOn = { date: null as IsoDate | null };
  for (const listing of identity.listings) {
    const portfolio = ctx.portfolios[listing.planIndex] ?? '';
    out.push(...listingFacts(itemId, listing, portfolio, seen, closedOn, notes));
  }
  return out;
}

/** Rows of one item in several plans with no transfer are shared, as are plans named in "allocated to"; the primary listing's plan answers. */
function jointAllocation(
  identity: ItemIdentity,
  ctx: ItemPlanContext,
  itemId: Ulid,
  ownPlan: number,
  primary: Listing,
  moved: boolean,
  after: IsoDate | null,
  notes: LineNote[],
): DraftCommand[] {
  const sharers = new Set<number>();
  for (const { item, planIndex } of identity.listings) {
    // A moved item is listed by the plan it left and the one it joined: that is not sharing.
    if (!moved) sharers.add(planIndex);
    for (const name of item.jointWith ?? []) {
      const plan = ctx.planOf(name);
      if (plan) sharers.add(plan.planIndex);
      else
        notes.push({
          line: item.line,
          reason: `jointly allocated to "${name}", which has no plan in this document: not recorded`,
        });
    }
  }
  sharers.delete(ownPlan);
  if (sharers.size === 0) return [];
  const withPlanIds = [...sharers].sort((a, b) => a - b).flatMap((i) => ctx.planIds[i] ?? []);
  const lead = ctx.planIds[primary.planIndex] ?? ctx.planIds[ownPlan];
  if (lead === undefined) return [];
  return [
    {
      command: { type: 'AllocateJointly', data: { itemId, withPlanIds, leadPlanId: lead } },
      effectiveOn: after,
      line: primary.item.line,
      rank: RANK.joint,
    },
  ];
}
