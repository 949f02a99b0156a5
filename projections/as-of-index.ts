import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { parseStreamId } from '../src/domain/streams.js';
import { evolveItem, type ItemState } from './item-state.js';
import {
  type BoardReportState,
  evolveBoard,
  evolveInspection,
  evolvePlan,
  type InspectionState,
  type PlanState,
} from './plan-state.js';
import { StreamTimeline } from './stream-timeline.js';
import type { TimePoint } from './time.js';

/**
 * The as-of index: every stream's events, per stream, ordered for reads at any (asOf, knownAt)
 * (see StreamTimeline), plus which items ever touched which plan. It is the state the runner
 * feeds; every read model (current plans, snapshots, board summaries, histories, changes,
 * overdue, RAG over time) is a pure function of it and a TimePoint.
 *
 * It is append-only: `apply` takes events in log order and never rewrites what it holds, so it
 * can be persisted incrementally and its answers for a past knownAt never move.
 */
export class AsOfIndex {
  readonly items = new Map<string, StreamTimeline<ItemState>>();
  readonly plans = new Map<string, StreamTimeline<PlanState>>();
  readonly inspections = new Map<string, StreamTimeline<InspectionState>>();
  readonly boards = new Map<string, StreamTimeline<BoardReportState[]>>();
  /** planId → items that named it at any time (a superset: the role is decided per read). */
  private readonly planItems = new Map<string, Set<string>>();
  /** Position of the last event applied; -1 before any. */
  position = -1;
  eventCount = 0;

  /** Feeds one event (log order). Events at or before `position` are ignored (idempotent). */
  apply(event: LedgerEvent): void {
    if (event.position <= this.position) return;
    this.position = event.position;
    this.eventCount++;
    const stream = parseStreamId(event.streamId);
    if (!stream) return; // not one of the ledger's streams: nothing here reads it
    switch (stream.kind) {
      case 'item': {
        timelineOf(this.items, stream.id, evolveItem).append(event);
        for (const planId of planIdsNamedBy(event)) {
          const set = this.planItems.get(planId);
          if (set) set.add(stream.id);
          else this.planItems.set(planId, new Set([stream.id]));
        }
        return;
      }
      case 'plan':
        timelineOf(this.plans, stream.id, evolvePlan).append(event);
        return;
      case 'inspection':
        timelineOf(this.inspections, stream.id, evolveInspection).append(event);
        return;
      case 'board':
        timelineOf(this.boards, stream.id, evolveBoard).append(event);
        return;
      default: {
        const unhandled: never = stream.kind;
        throw new Error(`unhandled stream kind ${String(unhandled)}`);
      }
    }
  }

  /** The item at (asOf, knownAt), with `revision` = its stream's last revision known then. */
  itemAt(itemId: string, at: TimePoint): ItemState | null {
    const timeline = this.items.get(itemId);
    if (!timeline) return null;
    const { state, revision } = timeline.stateAt(at.asOf, at.knownAt);
    if (state === null || state.revision === revision) return state;
    return { ...state, revision };
  }

  planAt(planId: string, at: TimePoint): PlanState | null {
    const timeline = this.plans.get(planId);
    if (!timeline) return null;
    const { state, revision } = timeline.stateAt(at.asOf, at.knownAt);
    if (state === null || state.revision === revision) return state;
    return { ...state, revision };
  }

  inspectionAt(inspectionId: string, at: TimePoint): InspectionState | null {
    return this.inspections.get(inspectionId)?.stateAt(at.asOf, at.knownAt).state ?? null;
  }

  /** Board reports presented on or before asOf and known at knownAt, by board date. */
  boardReportsAt(at: TimePoint): BoardReportState[] {
    const out: BoardReportState[] = [];
    for (const timeline of this.boards.values()) {
      for (const report of timeline.stateAt(at.asOf, at.knownAt).state ?? []) {
        if (report.boardDate <= at.asOf) out.push(report);
      }
    }
    return out.sort((a, b) => (a.boardDate < b.boardDate ? -1 : a.boardDate > b.boardDate ? 1 : 0));
  }

  /** Items that ever named this plan (as home, sharer, lead, or transfer end). */
  itemIdsLinkedTo(planId: string): ReadonlySet<string> {
    return this.planItems.get(planId) ?? EMPTY;
  }

  /** Every plan id the index has seen, opened or only referenced by items. */
  knownPlanIds(): string[] {
    const ids = new Set(this.plans.keys());
    for (const id of this.planItems.keys()) ids.add(id);
    return [...ids];
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function timelineOf<S>(
  map: Map<string, StreamTimeline<S>>,
  id: string,
  fold: (state: S | null, event: LedgerEvent) => S | null,
): StreamTimeline<S> {
  let timeline = map.get(id);
  if (!timeline) {
    timeline = new StreamTimeline(fold);
    map.set(id, timeline);
  }
  return timeline;
}

/**
 * The plans an item event links the item to. Corrections cannot change ids (the decider and
 * effective-events.ts both ignore id fields), so only the originals need reading.
 */
function planIdsNamedBy(event: LedgerEvent): readonly string[] {
  switch (event.type) {
    case 'RecommendationReceived':
      return [event.data.planId];
    case 'TransferredBetweenPortfolios':
      return [event.data.fromPlanId, event.data.toPlanId];
    case 'JointlyAllocated':
      return [...event.data.withPlanIds, event.data.leadPlanId];
    case 'InspectionRegistered':
    case 'PlanOpened':
    case 'PlanOwnerChanged':
    case 'OwnerAssigned':
    case 'DueDateChanged':
    case 'ResponseRecorded':
    case 'UpdatePosted':
    case 'RagChanged':
    case 'MarkedComplete':
    case 'Reopened':
    case 'MarkedNotApplicable':
    case 'BoardReportPresented':
    case 'EntryCorrected':
    case 'EntryRetracted':
      return [];
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
