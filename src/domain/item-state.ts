import {
  emptyJournal,
  type Journal,
  type JournalEntry,
  liveFacts,
  recordInJournal,
} from './correction-decider.js';
import { unreachable } from './decider.js';
import type { BusinessDate, ItemKind, ItemStatus, Rag } from './fields.js';
import type { LedgerEvent } from './ledger-event.js';

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
    };
  }
  // Only the creating event can start an item; anything else on an empty item is ignored
  // here and refused by decide.
  if (item === null) return null;
  switch (body.type) {
    case 'OwnerAssigned':
      return { ...item, strategicLead: body.data.strategicLead, actionOwner: body.data.actionOwner };
    case 'DueDateChanged':
      return { ...item, dueDate: body.data.dueDate, timescale: body.data.timescale };
    case 'ResponseRecorded':
      return { ...item, response: body.data.response };
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

/** Folds a stored event into the item's state (corrections re-derive the whole item). */
export function evolve(state: ItemState, event: LedgerEvent): ItemState {
  const journal = recordInJournal(state.journal, event);
  return { journal, item: liveFacts(journal).reduce(apply, null) };
}
