import {
  emptyJournal,
  type Journal,
  type JournalEntry,
  liveFacts,
  recordInJournal,
} from './correction-decider.js';
import { compareFacts, isCorrectionType, isCreationType } from './corrections.js';
import { unreachable } from './decider.js';
import type { BusinessDate, ItemKind, ItemStatus, Rag } from './fields.js';
import type { LedgerEvent } from './ledger-event.js';

/**
 * What one sharing plan states for itself about a jointly allocated item; a part it has not
 * stated (null) is the item's own.
 */
export interface ListingFacts {
  readonly owners: { readonly strategicLead: string | null; readonly actionOwner: string | null } | null;
  readonly due: { readonly dueDate: BusinessDate | null; readonly timescale: string | null } | null;
  readonly response: string | null;
}

const noListing: ListingFacts = { owners: null, due: null, response: null };

/** The item as its own rules see it, after every correction known so far. */
export interface ItemFacts {
  readonly itemId: string;
  readonly inspectionId: string;
  /** The plan that answers for it now (changes on transfer). */
  readonly planId: string;
  readonly ref: string;
  readonly kind: ItemKind;
  /** effectiveOn of RecommendationReceived: nothing can happen to the item before it. */
  readonly receivedOn: BusinessDate;
  readonly dueDate: BusinessDate | null;
  readonly timescale: string | null;
  readonly strategicLead: string | null;
  readonly actionOwner: string | null;
  readonly response: string | null;
  /** Null until first rated. */
  readonly rag: Rag | null;
  readonly status: ItemStatus;
  /** The other plans sharing the item (never `planId`). */
  readonly jointPlanIds: readonly string[];
  /** Which plan answers for a jointly allocated item; null when not shared. */
  readonly leadPlanId: string | null;
  /** Each sharing plan's own listing, by plan id (only plans that stated something). */
  readonly listings: Readonly<Record<string, ListingFacts>>;
}

/** The listing of `planId` as it stands (empty when the plan has stated nothing of its own). */
export const listingOf = (item: ItemFacts, planId: string): ListingFacts =>
  item.listings[planId] ?? noListing;

/** Sets one part of a listing, or the item's own facts when `listingPlanId` is null. */
function inListing(
  item: ItemFacts,
  listingPlanId: string | null,
  part: Partial<ListingFacts>,
  own: Partial<ItemFacts>,
): ItemFacts {
  if (listingPlanId === null) return { ...item, ...own };
  const listings = { ...item.listings, [listingPlanId]: { ...listingOf(item, listingPlanId), ...part } };
  return { ...item, listings };
}

export interface ItemState {
  readonly journal: Journal;
  /** Null until RecommendationReceived. */
  readonly item: ItemFacts | null;
}

export const initialState: ItemState = { journal: emptyJournal, item: null };

function apply(item: ItemFacts | null, fact: JournalEntry): ItemFacts | null {
  const body = fact.body;
  if (body.type === 'RecommendationReceived') {
    const { itemId, inspectionId, planId, ref, kind, dueDate, timescale } = body.data;
    return {
      itemId,
      inspectionId,
      planId,
      ref,
      kind,
      receivedOn: fact.effectiveOn,
      dueDate,
      timescale,
      strategicLead: null,
      actionOwner: null,
      response: null,
      rag: null,
      status: 'open',
      jointPlanIds: [],
      leadPlanId: null,
      listings: {},
    };
  }
  // Only the creating event can start an item; anything else on an empty item is ignored
  // here and refused by decide.
  if (item === null) return null;
  switch (body.type) {
    case 'OwnerAssigned': {
      const { listingPlanId, strategicLead, actionOwner } = body.data;
      return inListing(
        item,
        listingPlanId,
        { owners: { strategicLead, actionOwner } },
        { strategicLead, actionOwner },
      );
    }
    case 'DueDateChanged': {
      const { listingPlanId, dueDate, timescale } = body.data;
      return inListing(item, listingPlanId, { due: { dueDate, timescale } }, { dueDate, timescale });
    }
    case 'ResponseRecorded': {
      const { listingPlanId, response } = body.data;
      return inListing(item, listingPlanId, { response }, { response });
    }
    case 'RagChanged':
      return { ...item, rag: body.data.to };
    case 'MarkedComplete':
      return { ...item, status: 'complete' };
    case 'MarkedNotApplicable':
      return { ...item, status: 'not-applicable' };
    case 'Reopened':
      return { ...item, status: 'open' };
    case 'TransferredBetweenPortfolios': {
      const { fromPlanId, toPlanId } = body.data;
      // A transfer to one of the sharing plans makes it the owner, no longer a sharer; a lead
      // that was the old plan follows the item.
      const jointPlanIds = item.jointPlanIds.filter((p) => p !== toPlanId);
      const lead = item.leadPlanId === fromPlanId ? toPlanId : item.leadPlanId;
      return { ...item, planId: toPlanId, jointPlanIds, leadPlanId: jointPlanIds.length > 0 ? lead : null };
    }
    case 'JointlyAllocated':
      return { ...item, jointPlanIds: body.data.withPlanIds, leadPlanId: body.data.leadPlanId };
    case 'UpdatePosted':
    case 'InspectionRegistered':
    case 'PlanOpened':
    case 'PlanOwnerChanged':
    case 'BoardReportPresented':
    case 'EntryCorrected':
    case 'EntryRetracted':
      return item;
    default:
      return unreachable(body);
  }
}

/**
 * Folds a stored event into the item's state (corrections re-derive the whole item). A fact that
 * sorts after every live fact (the usual next fact: dated on or after the others) is applied to the
 * state as it stands, which is what re-folding the journal gives (`liveFacts` puts it last); a
 * correction, a retraction, the creating event or a back-dated fact re-folds the journal. An import
 * folds ~70,000 events, most of them the next fact of their item.
 */
export function evolve(state: ItemState, event: LedgerEvent): ItemState {
  const journal = recordInJournal(state.journal, event);
  const own = journal.entries.get(event.eventId);
  if (state.item !== null && own !== undefined && sortsLast(state.journal, own)) {
    return { journal, item: apply(state.item, own) };
  }
  return { journal, item: foldFacts(liveFacts(journal)) };
}

/** Whether `entry`, a plain fact, folds after every live fact already in `journal`. */
function sortsLast(journal: Journal, entry: JournalEntry): boolean {
  if (!countsAsFact(entry)) return false;
  for (const other of journal.entries.values()) {
    if (!countsAsFact(other) || other.retracted) continue;
    if (compareFacts(other.effectiveOn, other.revision, entry.effectiveOn, entry.revision) > 0) return false;
  }
  return true;
}

/** Neither a correction nor a creation: ordered among the facts by (effectiveOn, revision) alone. */
const countsAsFact = (entry: JournalEntry) =>
  !isCorrectionType(entry.body.type) && !isCreationType(entry.body.type);

/** The item the facts make, folded in order from nothing (`liveFacts` gives the order). */
export const foldFacts = (facts: readonly JournalEntry[]): ItemFacts | null => facts.reduce(apply, null);
