import type { Actor } from '../src/domain/envelope.js';
import type { Provenance } from '../src/domain/provenance.js';
import { AsOfIndex } from './as-of-index.js';
import { type CountPointsImage, captureCountPoints, restoreCountPoints } from './board-count-points-image.js';
import { evolveBoard } from './board-report-view.js';
import { BODY_CHUNK, type SavedRows } from './event-bodies.js';
import type { EventColumns, InternTable } from './event-columns.js';
import { withRevision } from './index-routes.js';
import { evolveInspection } from './inspection-view.js';
import { evolveItem, itemWithRevision } from './item-view.js';
import type { JsonList } from './json-list.js';
import type { LiveBoardCounts, LiveCountsImage } from './live-board-counts.js';
import { evolvePlan } from './plan-view.js';
import type { Finish, Fold, StreamTimeline } from './stream-timeline.js';
import { captureTimeline, restoreTimeline, type SavedTimeline } from './timeline-image.js';
import { ID_BYTES } from './ulid-bytes.js';

/** The stream kinds, each with its own columns and timelines. */
export const KINDS = ['item', 'plan', 'inspection', 'board'] as const;
export type Kind = (typeof KINDS)[number];

/** One stream kind's columns as taken at one moment: the first `length` rows. */
export interface ColumnsImage {
  length: number;
  ms: Float64Array<ArrayBuffer>;
  day: Int32Array<ArrayBuffer>;
  revision: Int32Array<ArrayBuffer>;
  position: Float64Array<ArrayBuffer>;
  type: Uint8Array<ArrayBuffer>;
  version: Uint8Array<ArrayBuffer>;
  actor: Int32Array<ArrayBuffer>;
  stream: Int32Array<ArrayBuffer>;
  ids: Uint8Array<ArrayBuffer>;
  oddIds: [number, string][];
  /**
   * The bodies, as the JSON bytes of chunk n (a list of the bodies of rows n × BODY_CHUNK up
   * to `length`, exclusive) and where each row's body starts in them (json-list.ts): written
   * as is, and kept as bytes by a restored index.
   */
  bodies: (chunk: number) => JsonList;
  /**
   * Where each row's body is in its chunk, read alone (a decoded snapshot: from the file), so
   * a restored index parses the rows it reads only; absent: whole chunks.
   */
  bodyRows?: SavedRows;
  /** The texts the bodies keep as codes (text-arena.ts); the chunks hold where each is. */
  texts: TextsImage;
  /** Append-only array; only its first `length` entries belong to the image. */
  provenance: readonly (Provenance | null)[];
  types: string[];
  actors: Actor[];
  streams: string[];
}

/** The texts kept as codes: their tokens in code order, and their pages' bytes in order. */
export interface TextsImage {
  tokens: readonly string[];
  /** Every page but the last whole, the last as far as it is used (one array once loaded). */
  pages: readonly Uint8Array[];
  count: number;
  chars: number;
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
  /** The runner's board counts at the latest point, kept on apply, when it had them. */
  liveCounts: LiveCountsImage | null;
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
export function captureIndex(index: AsOfIndex, counts: LiveBoardCounts | null = null): IndexImage {
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
        ids: c.ids.subarray(0, n * ID_BYTES),
        oddIds: [...c.oddIds].filter(([row]) => row < n),
        bodies: (chunk) => c.bodies.chunk(chunk, n),
        texts: c.bodies.textsImage(),
        provenance: c.provenance,
        types: c.types.values.slice(),
        actors: c.actors.values.slice(),
        streams: c.streams.values.slice(),
      },
      timelines: [...mapOf(index, kind)].map(([id, timeline]) => [id, captureTimeline(timeline)]),
    };
  }
  return {
    position: index.position,
    eventCount: index.eventCount,
    lastRecordedAt: index.lastRecordedAt,
    kinds,
    planItems: [...index.planItems].map(([planId, items]) => [planId, [...items]]),
    countPoints: captureCountPoints(index.countPoints),
    liveCounts: counts?.image() ?? null,
  };
}

const FOLDS: Record<Kind, { fold: Fold<unknown>; finish?: Finish<unknown> }> = {
  item: { fold: evolveItem as Fold<unknown>, finish: itemWithRevision as Finish<unknown> },
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
    for (const [id, timeline] of timelines) map.set(id, restoreTimeline(columns, timeline, fold, finish));
  }
  for (const [planId, items] of image.planItems) index.planItems.set(planId, new Set(items));
  index.countPoints = restoreCountPoints(image.countPoints, index);
  return index;
}

/**
 * The image's arrays become the columns' own (rows never change and the columns grow into new
 * buffers, so sharing them with a capture is safe; a decoded snapshot's are fresh copies).
 */
function fillColumns(columns: EventColumns, image: ColumnsImage): void {
  const n = image.length;
  columns.length = n;
  columns.ms = image.ms;
  columns.day = image.day;
  columns.revision = image.revision;
  columns.position = image.position;
  columns.type = image.type;
  columns.version = image.version;
  columns.actor = image.actor;
  columns.stream = image.stream;
  columns.ids = image.ids;
  columns.oddIds = new Map(image.oddIds);
  // Each chunk is asked for when a row of it is first read (a decoded snapshot then reads it
  // from the file), not now.
  const { texts } = image;
  columns.bodies.adopt(
    Array.from({ length: Math.ceil(n / BODY_CHUNK) }, (_, chunk) => () => image.bodies(chunk).bytes),
    n,
    { ...texts, pages: texts.pages.length === 1 ? (texts.pages[0] as Uint8Array) : concat(texts.pages) },
    image.bodyRows,
  );
  columns.provenance =
    image.provenance.length === n
      ? (image.provenance as (Provenance | null)[])
      : image.provenance.slice(0, n);
  const tables: [InternTable<unknown>, unknown[]][] = [
    [columns.types, image.types],
    [columns.actors, image.actors],
    [columns.streams, image.streams],
  ];
  for (const [table, values] of tables) for (const value of values) table.numberOf(value);
}

function concat(pages: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const page of pages) length += page.length;
  const all = new Uint8Array(length);
  let at = 0;
  for (const page of pages) {
    all.set(page, at);
    at += page.length;
  }
  return all;
}
