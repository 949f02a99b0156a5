import type { Actor } from '../src/domain/envelope.js';
import type { Provenance } from '../src/domain/provenance.js';
import { AsOfIndex, withRevision } from './as-of-index.js';
import { type CountPointsImage, captureCountPoints, restoreCountPoints } from './board-count-points-image.js';
import { evolveBoard } from './board-report-view.js';
import type { EventColumns, InternTable } from './event-columns.js';
import { evolveInspection } from './inspection-view.js';
import { evolveItem } from './item-view.js';
import { evolvePlan } from './plan-view.js';
import { type Finish, type Fold, type SavedTimeline, StreamTimeline } from './stream-timeline.js';

/** The stream kinds, each with its own columns and timelines. */
export const KINDS = ['item', 'plan', 'inspection', 'board'] as const;
export type Kind = (typeof KINDS)[number];

/** One stream kind's columns as taken at one moment: the first `length` rows. */
export interface ColumnsImage {
  length: number;
  ms: Float64Array;
  day: Int32Array;
  revision: Int32Array;
  position: Float64Array;
  type: Uint8Array;
  version: Uint8Array;
  actor: Int32Array;
  stream: Int32Array;
  ids: Uint8Array;
  oddIds: [number, string][];
  /** Append-only arrays; only their first `length` entries belong to the image. */
  data: readonly unknown[];
  provenance: readonly (Provenance | null)[];
  types: string[];
  actors: Actor[];
  streams: string[];
}

/**
 * Everything the as-of index holds except its cached folds (which `settle` refills): what a
 * snapshot saves and loads. Pure data, no I/O; the file format is projections/runtime/'s.
 */
export interface IndexImage {
  position: number;
  eventCount: number;
  lastRecordedAt: string;
  kinds: Record<Kind, { columns: ColumnsImage; timelines: [string, SavedTimeline][] }>;
  planItems: [string, string[]][];
  /** The board counts at every time point (board-count-points-image.ts). */
  countPoints: CountPointsImage;
}

const mapOf = (index: AsOfIndex, kind: Kind): Map<string, StreamTimeline<unknown>> =>
  ({ item: index.items, plan: index.plans, inspection: index.inspections, board: index.boards })[kind] as Map<
    string,
    StreamTimeline<unknown>
  >;

/**
 * The index as it stands now. Cheap and synchronous (O(streams) plus one copy of each
 * stream's row list): the typed arrays are taken as views of their first `length` rows, which
 * never change, so new events may keep arriving while a writer serializes the image.
 */
export function captureIndex(index: AsOfIndex): IndexImage {
  const kinds = {} as IndexImage['kinds'];
  for (const kind of KINDS) {
    const c = index.columns[kind];
    const n = c.length;
    kinds[kind] = {
      columns: {
        length: n,
        ms: c.ms.subarray(0, n),
        day: c.day.subarray(0, n),
        revision: c.revision.subarray(0, n),
        position: c.position.subarray(0, n),
        type: c.type.subarray(0, n),
        version: c.version.subarray(0, n),
        actor: c.actor.subarray(0, n),
        stream: c.stream.subarray(0, n),
        ids: c.ids.subarray(0, n * 26),
        oddIds: [...c.oddIds].filter(([row]) => row < n),
        data: c.data,
        provenance: c.provenance,
        types: c.types.values.slice(),
        actors: c.actors.values.slice(),
        streams: c.streams.values.slice(),
      },
      timelines: [...mapOf(index, kind)].map(([id, timeline]) => [id, timeline.capture()]),
    };
  }
  return {
    position: index.position,
    eventCount: index.eventCount,
    lastRecordedAt: index.lastRecordedAt,
    kinds,
    planItems: [...index.planItems].map(([planId, items]) => [planId, [...items]]),
    countPoints: captureCountPoints(index.countPoints),
  };
}

const FOLDS: Record<Kind, { fold: Fold<unknown>; finish?: Finish<unknown> }> = {
  item: { fold: evolveItem as Fold<unknown>, finish: withRevision as Finish<unknown> },
  plan: { fold: evolvePlan as Fold<unknown>, finish: withRevision as Finish<unknown> },
  inspection: { fold: evolveInspection as Fold<unknown> },
  board: { fold: evolveBoard as Fold<unknown> },
};

/** An index holding exactly what the image holds (call `settle` before serving reads). */
export function restoreIndex(image: IndexImage): AsOfIndex {
  const index = new AsOfIndex();
  index.position = image.position;
  index.eventCount = image.eventCount;
  index.lastRecordedAt = image.lastRecordedAt;
  for (const kind of KINDS) {
    const { columns: saved, timelines } = image.kinds[kind];
    const columns = index.columns[kind];
    fillColumns(columns, saved);
    const map = mapOf(index, kind);
    const { fold, finish } = FOLDS[kind];
    for (const [id, timeline] of timelines)
      map.set(id, StreamTimeline.restore(columns, timeline, fold, finish));
  }
  for (const [planId, items] of image.planItems) index.planItems.set(planId, new Set(items));
  index.countPoints = restoreCountPoints(image.countPoints, index);
  return index;
}

function fillColumns(columns: EventColumns, image: ColumnsImage): void {
  const n = image.length;
  columns.grow(n);
  columns.length = n;
  columns.ms.set(image.ms);
  columns.day.set(image.day);
  columns.revision.set(image.revision);
  columns.position.set(image.position);
  columns.type.set(image.type);
  columns.version.set(image.version);
  columns.actor.set(image.actor);
  columns.stream.set(image.stream);
  columns.ids.set(image.ids.subarray(0, n * 26));
  columns.oddIds = new Map(image.oddIds);
  columns.data = image.data.slice(0, n);
  columns.provenance = image.provenance.slice(0, n);
  columns.effectiveOn = datesOf(image.day);
  const tables: [InternTable<unknown>, unknown[]][] = [
    [columns.types, image.types],
    [columns.actors, image.actors],
    [columns.streams, image.streams],
  ];
  for (const [table, values] of tables) for (const value of values) table.numberOf(value);
}

/** Business dates from their day keys, one string per distinct day. */
function datesOf(days: Int32Array): string[] {
  const strings = new Map<number, string>();
  const out = new Array<string>(days.length);
  for (let i = 0; i < days.length; i++) {
    const key = days[i] as number;
    let date = strings.get(key);
    if (date === undefined) {
      const text = String(key).padStart(8, '0');
      date = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
      strings.set(key, date);
    }
    out[i] = date;
  }
  return out;
}
