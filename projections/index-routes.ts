import { parseStreamId } from '../src/domain/streams.js';
import type { AsOfIndex } from './as-of-index.js';
import { evolveBoard } from './board-report-view.js';
import type { EventColumns } from './event-columns.js';
import { evolveInspection } from './inspection-view.js';
import { evolveItem, itemWithRevision } from './item-view.js';
import { evolvePlan } from './plan-view.js';
import { ItemRoute, PlanRoute, type Route, StreamRoute } from './stream-route.js';
import { type Finish, type Fold, StreamTimeline } from './stream-timeline.js';

/**
 * Where a stream's events go in the as-of index (its `routeOf`), by the stream's kind: the
 * kind's columns, its fold, the timeline kept for the stream (made on its first event), and the
 * route that feeds it (items and plans also add to the count points and the plan links). Null
 * for a stream id that is not one of the ledger's streams.
 */
export function routeFor(index: AsOfIndex, streamId: string): Route | null {
  const stream = parseStreamId(streamId);
  if (!stream) return null;
  const { id } = stream;
  const { columns } = index;
  switch (stream.kind) {
    case 'item':
      return new ItemRoute(
        index,
        streamId,
        id,
        timelineOf(index.items, columns.item, streamId, id, evolveItem, itemWithRevision),
      );
    case 'plan':
      return new PlanRoute(
        index,
        streamId,
        id,
        timelineOf(index.plans, columns.plan, streamId, id, evolvePlan, withRevision),
      );
    case 'inspection':
      return new StreamRoute(
        index,
        streamId,
        id,
        timelineOf(index.inspections, columns.inspection, streamId, id, evolveInspection),
      );
    case 'board':
      return new StreamRoute(
        index,
        streamId,
        id,
        timelineOf(index.boards, columns.board, streamId, id, evolveBoard),
      );
    default: {
      const unhandled: never = stream.kind;
      throw new Error(`unhandled stream kind ${String(unhandled)}`);
    }
  }
}

/** The revision a reader sees is its stream's, corrections included (what If-Match needs). */
export function withRevision<S extends { revision: number }>(state: S, revision: number): S {
  return state.revision === revision ? state : { ...state, revision };
}

function timelineOf<S>(
  map: Map<string, StreamTimeline<S>>,
  columns: EventColumns,
  streamId: string,
  id: string,
  fold: Fold<S>,
  finish?: Finish<S>,
): StreamTimeline<S> {
  let timeline = map.get(id);
  if (!timeline) {
    timeline = new StreamTimeline(columns, columns.streams.numberOf(streamId), fold, finish);
    map.set(id, timeline);
  }
  return timeline;
}
