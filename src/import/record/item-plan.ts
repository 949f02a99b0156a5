import type { Ulid } from '../../domain/fields.js';
import { itemIdFor } from '../../domain/ids.js';
import type { ItemIdentity, Listing } from './item-identities.js';
import { type ItemPlanContext, jointAllocation, transfersOf } from './item-links.js';
import { listingFacts } from './listing-facts.js';
import { LONG, notebook, type Planned, SHORT } from './notes.js';

import { cellOf, type DraftCommand, PAPER_REASON, RANK } from './planned-command.js';
import { sharedListings, timescaleOf } from './shared-listings.js';

export type { ItemPlanContext } from './item-links.js';

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

const REPORT_REF = /\b(pg|page|para|paragraph)\b/i;

/** No plan shares the item (most items): one function for all of them. */
const notShared = (_planIndex: number): Ulid | null => null;

/** The plan of a listing when it is one the item is jointly allocated to, else null. */
function sharingIn(planIds: readonly Ulid[], sharing: ReadonlySet<string>) {
  return (planIndex: number): Ulid | null => {
    const planId = planIds[planIndex];
    return planId !== undefined && sharing.has(planId) ? planId : null;
  };
}

/**
 * The commands of one item, in no particular order (planImport sorts them by date and rank):
 * received into the plan it started in, owners, joint allocation, transfers, then per listing
 * the response, every dated update, the RAG and completion on the row's Date of Update.
 */
export function planItem(identity: ItemIdentity, ctx: ItemPlanContext): Planned {
  const book = notebook();
  const itemId = itemIdFor(ctx.inspectionId, identity.ref);
  const { transfers } = book.take(transfersOf(identity.listings, ctx));
  const finalPlan = transfers.at(-1)?.to ?? null;
  const primary = primaryListing(identity.listings, finalPlan);
  const origin = transfers[0]?.from ?? primary.planIndex;
  const { item } = primary;
  const line = item.line;
  const planId = ctx.planIds[origin];
  if (planId === undefined) throw new Error(`no plan at index ${origin}`);
  const text = book.fit(item.text, LONG, line, 'the text') ?? `(no text in the source, line ${line})`;
  if (item.text.trim() === '')
    book.note(
      line,
      'the row has no recommendation or area-for-improvement text: it was recorded with a placeholder. Fill the text in and import again',
    );
  const ref = book.fit(identity.ref, SHORT, line, 'the ref') ?? `line-${line}`;
  // A ref qualified to stay unique keeps what the paper printed, which is what readers see.
  const printedRef = ref !== item.ref ? book.fit(item.ref, SHORT, line, 'the ref') : null;
  const commands: DraftCommand[] = [
    {
      command: {
        type: 'ReceiveRecommendation',
        data: {
          inspectionId: ctx.inspectionId,
          planId,
          ref,
          printedRef,
          kind: item.kind,
          parentRef: book.fit(item.parentRef, SHORT, line, 'the parent ref'),
          text,
          reportReference: REPORT_REF.test(item.ref) ? book.fit(item.ref, SHORT, line, 'the ref') : null,
          section: book.fit(item.section, SHORT, line, 'the section'),
          // The schema's key order: the command is then decided as planned, without the parse
          // that would reorder it (planned-command-check.ts).
          timescale: book.fit(timescaleOf(item), SHORT, line, 'the timescale'),
          dueDate: item.dueDate,
        },
      },
      effectiveOn: null,
      line,
      rank: RANK.create,
      atReceipt: true,
      ...cellOf(item, 'ref'),
    },
  ];
  const strategicLead = book.fit(item.strategicLead, SHORT, line, 'the strategic lead');
  const actionOwner = book.fit(item.actionOwner, SHORT, line, 'the action owner');
  if (strategicLead !== null || actionOwner !== null) {
    commands.push({
      command: { type: 'AssignOwner', data: { itemId, listingPlanId: null, strategicLead, actionOwner } },
      effectiveOn: null,
      line,
      rank: RANK.owners,
      atReceipt: true,
      ...cellOf(item, actionOwner !== null ? 'actionOwner' : 'strategicLead'),
      // On an item an earlier paper brought, owners that differ are a change this paper reports.
      whenHeld: 'redate',
    });
  }
  let current = origin;
  for (const t of transfers) {
    if (t.to === current) {
      book.note(
        t.line,
        `the transfer "${t.text}" names the plan the item is already in: nothing was recorded for it`,
      );
      continue;
    }
    const toPlanId = ctx.planIds[t.to];
    if (toPlanId === undefined) continue;
    commands.push({
      command: {
        type: 'TransferToPlan',
        data: { itemId, toPlanId, note: book.fit(t.text, SHORT, t.line, 'the transfer note') },
      },
      effectiveOn: t.effectiveOn,
      line: t.line,
      rank: RANK.transfer,
      ...cellOf(t.item, 'text'),
      dated: t.dated,
    });
    current = t.to;
  }
  const after = transfers.at(-1)?.effectiveOn ?? null;
  const afterDated = transfers.at(-1)?.dated ?? null;
  const moved = transfers.length > 0;
  const joint = book.take(
    jointAllocation({ identity, ctx, itemId, ownPlan: current, primary, moved, after, afterDated }),
  ).commands;
  commands.push(...joint);
  const sharing = new Set(
    joint.flatMap((d) => (d.command.type === 'AllocateJointly' ? d.command.data.withPlanIds : [])),
  );
  const sharingPlanOf = sharing.size === 0 ? notShared : sharingIn(ctx.planIds, sharing);
  const { portfolios, paperDate } = ctx;
  commands.push(
    ...book.take(
      sharedListings({
        itemId,
        listings: identity.listings,
        primary,
        sharingPlanOf,
        portfolios,
        on: after,
        dated: afterDated,
      }),
    ).commands,
  );
  commands.push(
    ...book.take(listingFacts(itemId, identity.listings, { portfolios, paperDate, sharingPlanOf })).commands,
  );
  const dueDate = item.dueDate;
  const timescale = book.fit(timescaleOf(item), SHORT, line, 'the timescale');
  if (dueDate !== null || timescale !== null) {
    // On an item an earlier paper brought, a due date that differs from the ledger's is a change
    // this paper reports (its reason names the paper: filled in by `planImport`).
    commands.push({
      command: {
        type: 'ChangeDueDate',
        data: { itemId, listingPlanId: null, dueDate, timescale, reason: PAPER_REASON, escalated: false },
      },
      effectiveOn: null,
      line,
      rank: RANK.owners,
      ...cellOf(item, 'dueDate'),
      whenHeld: 'only',
    });
  }
  return { commands, notes: book.notes };
}
