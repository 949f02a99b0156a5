import type { AsOfIndex } from './as-of-index.js';
import { BoardCountPoints, type Kind } from './board-count-points.js';

/**
 * The count points (board-count-points.ts) as a snapshot holds them: the point columns and,
 * per stream, what the next event needs (its inspection, greatest day and recordedAt). The
 * rest (each stream's keys now, the points filed per stream and inspection) is derived on
 * restore in one pass. Taken synchronously and cheaply: views of the first rows (points are
 * never changed) plus copies of the small per-stream numbers.
 */
export interface CountPointsImage {
  length: number;
  day: Int32Array;
  t: Float64Array;
  insp: Int32Array;
  key: Int32Array;
  n: Int16Array;
  stream: Int32Array;
  streamIds: string[];
  /** 0 item, 1 plan. */
  streamKind: Uint8Array;
  streamInsp: Int32Array;
  streamMaxDay: Int32Array;
  streamMaxRec: Float64Array;
  plans: string[];
  inspections: string[];
}

const COLUMNS = ['day', 't', 'insp', 'key', 'n', 'stream'] as const;
const PER_STREAM = ['streamKind', 'streamInsp', 'streamMaxDay', 'streamMaxRec'] as const;

export function captureCountPoints(points: BoardCountPoints): CountPointsImage {
  const c = points.columns;
  const n = c.length;
  const streams = points.streams;
  return {
    length: n,
    day: c.day.subarray(0, n),
    t: c.t.subarray(0, n),
    insp: c.insp.subarray(0, n),
    key: c.key.subarray(0, n),
    n: c.n.subarray(0, n),
    stream: c.stream.subarray(0, n),
    streamIds: points.streamIds.ids.slice(0, streams.length),
    streamKind: Uint8Array.from(streams, (s) => (s.kind === 'item' ? 0 : 1)),
    streamInsp: Int32Array.from(streams, (s) => s.insp),
    streamMaxDay: Int32Array.from(streams, (s) => s.maxDay),
    streamMaxRec: Float64Array.from(streams, (s) => s.maxRec),
    plans: points.plans.ids.slice(),
    inspections: points.inspections.ids.slice(),
  };
}

/** The count points an image holds, filed again; `index` gives the order plans were opened in. */
export function restoreCountPoints(image: CountPointsImage, index: AsOfIndex): BoardCountPoints {
  const points = new BoardCountPoints();
  for (const id of image.inspections) points.inspectionNumber(id);
  for (const id of image.plans) points.planNumber(id);
  image.streamIds.forEach((id, no) => {
    const s = points.stream(id, (image.streamKind[no] === 0 ? 'item' : 'plan') as Kind);
    s.insp = image.streamInsp[no] as number;
    s.maxDay = image.streamMaxDay[no] as number;
    s.maxRec = image.streamMaxRec[no] as number;
  });
  points.restoreSeq(index.plans.keys());
  const c = points.columns;
  c.grow(image.length);
  c.length = image.length;
  for (const name of COLUMNS) (c[name] as { set(a: ArrayLike<number>): void }).set(image[name]);
  const net: Map<number, number>[] = points.streams.map(() => new Map());
  for (let p = 0; p < image.length; p++) {
    const no = c.stream[p] as number;
    const s = points.streams[no];
    if (!s) throw new Error(`count point ${p} names stream ${no}, which the snapshot does not hold`);
    points.file(p, s);
    const keys = net[no] as Map<number, number>;
    const key = c.key[p] as number;
    keys.set(key, (keys.get(key) ?? 0) + (c.n[p] as number));
  }
  points.streams.forEach((s, no) => {
    s.keys = [...(net[no] as Map<number, number>)]
      .filter(([, n]) => n > 0)
      .map(([key]) => key)
      .sort((a, b) => a - b);
  });
  return points;
}

/** (A view of no bytes over an empty buffer is copied: zlib's crc32 resets on it.) */
const bytesOf = (a: Int32Array | Float64Array | Int16Array | Uint8Array): Buffer =>
  a.byteLength === 0 ? Buffer.alloc(0) : Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The image as snapshot sections (name, bytes). */
export function countPointsSections(image: CountPointsImage): [string, Buffer][] {
  const tables = { streamIds: image.streamIds, plans: image.plans, inspections: image.inspections };
  return [
    ...COLUMNS.map((name): [string, Buffer] => [`countPoints.${name}`, bytesOf(image[name])]),
    ...PER_STREAM.map((name): [string, Buffer] => [`countPoints.${name}`, bytesOf(image[name])]),
    ['countPoints.tables', Buffer.from(JSON.stringify(tables))],
  ];
}

/** The image from snapshot sections; throws saying which section is torn. */
export function decodeCountPoints(sections: {
  /** The section's bytes in an array of their own (aligned). */
  owned(name: string): Uint8Array<ArrayBuffer>;
  text(name: string): string;
}): CountPointsImage {
  const typed = <A>(name: string, Make: { new (b: ArrayBuffer): A; BYTES_PER_ELEMENT: number }): A => {
    const bytes = sections.owned(`countPoints.${name}`);
    if (bytes.length % Make.BYTES_PER_ELEMENT !== 0)
      throw new Error(`section countPoints.${name} has a torn row`);
    return new Make(bytes.buffer);
  };
  const tables = JSON.parse(sections.text('countPoints.tables')) as {
    streamIds: string[];
    plans: string[];
    inspections: string[];
  };
  const image: CountPointsImage = {
    length: 0,
    day: typed('day', Int32Array),
    t: typed('t', Float64Array),
    insp: typed('insp', Int32Array),
    key: typed('key', Int32Array),
    n: typed('n', Int16Array),
    stream: typed('stream', Int32Array),
    streamKind: typed('streamKind', Uint8Array),
    streamInsp: typed('streamInsp', Int32Array),
    streamMaxDay: typed('streamMaxDay', Int32Array),
    streamMaxRec: typed('streamMaxRec', Float64Array),
    ...tables,
  };
  image.length = image.day.length;
  for (const name of COLUMNS)
    if (image[name].length !== image.length)
      throw new Error(`section countPoints.${name} does not have ${image.length} rows`);
  for (const name of PER_STREAM)
    if (image[name].length !== image.streamIds.length)
      throw new Error(`section countPoints.${name} does not have ${image.streamIds.length} streams`);
  return image;
}
