import { z } from 'zod';
import { BusinessDate, ItemKind, ItemStatus, Rag, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { evolveListings, ItemListing } from './item-listing.js';

/** One move of an item between portfolio plans. */
export const TransferRecord = z.strictObject({
  fromPlanId: Ulid,
  toPlanId: Ulid,
  effectiveOn: BusinessDate,
  note: z.string().nullable(),
});
export type TransferRecord = z.infer<typeof TransferRecord>;

/**
 * The read side's view of one recommendation / area for improvement (not the decider's
 * `ItemState` in `src/domain/`, which holds the journal its rules need). Schemas are the contract
 * the API publishes (OpenAPI is generated from them), so the type is derived from the schema.
 */
export const ItemView = z.strictObject({
  itemId: Ulid,
  inspectionId: Ulid,
  /** The plan the item is in now (after transfers). */
  planId: Ulid,
  /** The ref as the paper prints it (two findings may print the same one). */
  ref: z.string(),
  /**
   * The ref the ledger keeps unique within the inspection (the item's identity); differs from
   * `ref` only where a paper printed one ref for two findings ("AFI.25 (Human Resources)").
   */
  uniqueRef: z.string(),
  kind: ItemKind,
  parentRef: z.string().nullable(),
  text: z.string(),
  reportReference: z.string().nullable(),
  section: z.string().nullable(),
  timescale: z.string().nullable(),
  strategicLead: z.string().nullable(),
  actionOwner: z.string().nullable(),
  dueDate: BusinessDate.nullable(),
  /** True when the last due-date change pulled it forward at a board's request. */
  escalated: z.boolean(),
  initialResponse: z.string().nullable(),
  /** The business date of `initialResponse`. */
  respondedOn: BusinessDate.nullable(),
  /**
   * The paper's "Latest Update": the latest dated update or management response, whichever is
   * later (on one date, the one recorded last). A dated response is news to a board as much as
   * an update is; `updatesCount` counts updates only.
   */
  latestUpdate: z.strictObject({ text: z.string(), effectiveOn: BusinessDate }).nullable(),
  updatesCount: z.number().int().nonnegative(),
  /** The latest progress update alone (responses aside). */
  latestPosted: z.strictObject({ text: z.string(), effectiveOn: BusinessDate }).nullable(),
  rag: Rag.nullable(),
  status: ItemStatus,
  /** The day it was marked complete or not applicable; null while open. */
  closedOn: BusinessDate.nullable(),
  /** Shared with other plans; `leadPlanId` answers for it and counts it. */
  jointAllocation: z.strictObject({ withPlanIds: z.array(Ulid), leadPlanId: Ulid }).nullable(),
  transfers: z.array(TransferRecord),
  /** What each plan sharing the item states for itself (see `listedIn`). */
  listings: z.array(ItemListing),
  receivedOn: BusinessDate,
  /** Stream revision of the last event known at the read's knownAt (use it for If-Match). */
  revision: z.number().int().nonnegative(),
  /** Business date of the last event folded in. */
  lastChangedOn: BusinessDate,
});
export type ItemView = z.infer<typeof ItemView>;

/** The plan that answers for (and counts) the item: the joint lead, else its own plan. */
const NO_LISTINGS: ItemListing[] = [];

export const leadPlanOf = (item: ItemView): string => item.jointAllocation?.leadPlanId ?? item.planId;

/**
 * Folds one event into an item's state. Pure. Corrections and retractions never reach this
 * function: the as-of index applies them to the events they fix before folding (see
 * effective-events.ts), so here every event is a fact as it is now believed.
 *
 * An item event dated before the item was received finds no state and is skipped: the deciders
 * refuse such dates, and an imported one would otherwise need an invented item.
 */
export function evolveItem(state: ItemView | null, event: LedgerEvent): ItemView | null {
  if (event.type === 'RecommendationReceived') {
    const d = event.data;
    return {
      itemId: d.itemId,
      inspectionId: d.inspectionId,
      planId: d.planId,
      ref: d.printedRef ?? d.ref,
      uniqueRef: d.ref,
      kind: d.kind,
      parentRef: d.parentRef,
      text: d.text,
      reportReference: d.reportReference,
      section: d.section,
      timescale: d.timescale,
      strategicLead: state?.strategicLead ?? null,
      actionOwner: state?.actionOwner ?? null,
      dueDate: d.dueDate,
      escalated: false,
      initialResponse: state?.initialResponse ?? null,
      respondedOn: state?.respondedOn ?? null,
      latestUpdate: state?.latestUpdate ?? null,
      updatesCount: state?.updatesCount ?? 0,
      latestPosted: state?.latestPosted ?? null,
      rag: state?.rag ?? null,
      status: state?.status ?? 'open',
      closedOn: state?.closedOn ?? null,
      jointAllocation: state?.jointAllocation ?? null,
      transfers: state?.transfers ?? [],
      listings: state?.listings ?? NO_LISTINGS,
      receivedOn: event.effectiveOn,
      revision: event.revision,
      lastChangedOn: event.effectiveOn,
    };
  }
  if (state === null) return null;
  // Every case below changes a copy made field by field (see `copyItem`), stamped first.
  const next = copyItem(state);
  next.revision = event.revision;
  next.lastChangedOn = event.effectiveOn;
  if (
    (event.type === 'OwnerAssigned' ||
      event.type === 'DueDateChanged' ||
      event.type === 'ResponseRecorded') &&
    event.data.listingPlanId !== null
  ) {
    next.listings = evolveListings(state.listings, event.data.listingPlanId, event);
    return next;
  }
  switch (event.type) {
    case 'OwnerAssigned':
      next.strategicLead = event.data.strategicLead;
      next.actionOwner = event.data.actionOwner;
      return next;
    case 'DueDateChanged':
      next.dueDate = event.data.dueDate;
      next.timescale = event.data.timescale;
      next.escalated = event.data.escalated;
      return next;
    case 'ResponseRecorded':
      // Facts fold in business-date order, so this response is at least as recent as any update.
      next.initialResponse = event.data.response;
      next.respondedOn = event.effectiveOn;
      next.latestUpdate = { text: event.data.response, effectiveOn: event.effectiveOn };
      return next;
    case 'UpdatePosted': {
      // One object for both (never mutated): an update is the latest entry and the latest post,
      // and a rebuild keeps one of these per checkpoint.
      const latest = { text: event.data.text, effectiveOn: event.effectiveOn };
      next.latestUpdate = latest;
      next.latestPosted = latest;
      next.updatesCount = state.updatesCount + 1;
      return next;
    }
    case 'RagChanged':
      next.rag = event.data.to;
      return next;
    case 'MarkedComplete':
      next.status = 'complete';
      next.closedOn = event.effectiveOn;
      return next;
    case 'Reopened':
      next.status = 'open';
      next.closedOn = null;
      return next;
    case 'MarkedNotApplicable':
      next.status = 'not-applicable';
      next.closedOn = event.effectiveOn;
      return next;
    case 'TransferredBetweenPortfolios': {
      const { fromPlanId, toPlanId, note } = event.data;
      const joint = state.jointAllocation;
      next.planId = toPlanId;
      next.transfers = [...state.transfers, { fromPlanId, toPlanId, effectiveOn: event.effectiveOn, note }];
      // Whoever led for the old plan now leads for the new one; the new plan is no longer a
      // "sharing" plan of its own item.
      next.jointAllocation = joint
        ? {
            withPlanIds: joint.withPlanIds.filter((p) => p !== toPlanId),
            leadPlanId: joint.leadPlanId === fromPlanId ? toPlanId : joint.leadPlanId,
          }
        : null;
      return next;
    }
    case 'JointlyAllocated':
      next.jointAllocation = {
        withPlanIds: event.data.withPlanIds.filter((p) => p !== state.planId),
        leadPlanId: event.data.leadPlanId,
      };
      return next;
    // Not item facts: they never change an item's state (corrections are applied upstream).
    case 'InspectionRegistered':
    case 'PlanOpened':
    case 'PlanOwnerChanged':
    case 'BoardReportPresented':
    case 'EntryCorrected':
    case 'EntryRetracted':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/**
 * A copy of an item's state, field by field in the schema's order, for a fold step to change
 * before it returns it (nothing else ever sees it unchanged). Why not `{ ...state, ... }`: on
 * Node 20 a spread of this 29-field object measured 1-3 µs a copy, this literal ≈ 40 ns, and
 * every state it makes has one shape (docs/architecture.md, "Runner and persistence").
 */
export function copyItem(s: ItemView): ItemView {
  return {
    itemId: s.itemId,
    inspectionId: s.inspectionId,
    planId: s.planId,
    ref: s.ref,
    uniqueRef: s.uniqueRef,
    kind: s.kind,
    parentRef: s.parentRef,
    text: s.text,
    reportReference: s.reportReference,
    section: s.section,
    timescale: s.timescale,
    strategicLead: s.strategicLead,
    actionOwner: s.actionOwner,
    dueDate: s.dueDate,
    escalated: s.escalated,
    initialResponse: s.initialResponse,
    respondedOn: s.respondedOn,
    latestUpdate: s.latestUpdate,
    updatesCount: s.updatesCount,
    latestPosted: s.latestPosted,
    rag: s.rag,
    status: s.status,
    closedOn: s.closedOn,
    jointAllocation: s.jointAllocation,
    transfers: s.transfers,
    listings: s.listings,
    receivedOn: s.receivedOn,
    revision: s.revision,
    lastChangedOn: s.lastChangedOn,
  };
}

/**
 * The item's state stamped with the stream revision a reader sees (`withRevision` of
 * index-routes.ts, for items): the same object when it already holds it, else a `copyItem`.
 * Why not the generic spread: every item read at a past point is stamped (its last fact folded
 * is older than the stream's head), ten or so per plan read, and the spread of this 29-field
 * object is the slow copy `copyItem` replaced in the folds.
 */
export function itemWithRevision(state: ItemView, revision: number): ItemView {
  if (state.revision === revision) return state;
  const stamped = copyItem(state);
  stamped.revision = revision;
  return stamped;
}
