import { open } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { LogAnchor } from '../../src/store/log-anchor.js';
import { countPointsSections, decodeCountPoints } from '../board-count-points-image.js';
import { BODY_CHUNK } from '../event-bodies.js';
import { type ColumnsImage, type IndexImage, KINDS, type Kind } from '../index-image.js';
import type { LiveCountsImage } from '../live-board-counts.js';
import { packTimelines, unpackTimelines } from '../timeline-image.js';
import { ID_BYTES } from '../ulid-bytes.js';
import { BytesInMemory, type SnapshotBytes, SnapshotFile } from './snapshot-bytes.js';
import { CHECKSUM_MISMATCH } from './snapshot-checksum.js';

/**
 * The snapshot file's layout version. Bump it whenever what is written changes: a file of
 * another format is refused (and the index rebuilt) rather than misread.
 */
export const SNAPSHOT_FORMAT = 6;

/** Last 8 bytes of every snapshot file: a truncated or foreign file does not end with them. */
const TRAILER = Buffer.from('PLSNAP\r\n', 'latin1');

/** Timelines per section: keeps each serializing step short (one kind's list took ≈ 290 ms). */
const TIMELINE_CHUNK = 2_000;

/** What a snapshot says about itself; written after its body, read before it. */
export const SnapshotHeader = z.strictObject({
  format: z.number().int(),
  name: z.string(),
  /** Which log it is a prefix of, and how far (checked against the store before any use). */
  anchor: LogAnchor,
  position: z.number().int().min(-1),
  eventCount: z.number().int().nonnegative(),
  lastRecordedAt: z.string(),
  savedAt: z.string(),
  /** The body's sections in order, its length and its CRC-32 (a torn or edited file fails it). */
  sections: z.array(z.strictObject({ name: z.string(), bytes: z.number().int().nonnegative() })),
  bodyBytes: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

const bytesOf = (a: Float64Array | Int32Array | Uint8Array): Buffer =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** The sections of one kind, produced one at a time so the writer can yield between them. */
async function* sectionsOf(kind: Kind, image: IndexImage): AsyncGenerator<[string, Buffer]> {
  const { columns: c, timelines } = image.kinds[kind];
  for (const name of ['ms', 'day', 'revision', 'position', 'type', 'version', 'actor', 'stream'] as const)
    yield [`${kind}.${name}`, bytesOf(c[name])];
  yield [`${kind}.ids`, Buffer.from(c.ids)];
  const provenance: [number, unknown][] = [];
  for (let row = 0; row < c.length; row++) {
    const p = c.provenance[row];
    if (p) provenance.push([row, p]);
  }
  yield [
    `${kind}.tables`,
    json({ types: c.types, actors: c.actors, streams: c.streams, oddIds: c.oddIds, provenance }),
  ];
  // One section per chunk of bodies: no string ever holds them all (at 1M, hundreds of MB). A
  // chunk a restored index never parsed is written back as the bytes it was read from.
  for (let chunk = 0; chunk * BODY_CHUNK < c.length; chunk++) {
    yield [`${kind}.data.${chunk}`, bytesOf(c.bodies(chunk))];
    await yieldToLoop();
  }
  for (let start = 0, chunk = 0; start < timelines.length; start += TIMELINE_CHUNK, chunk++) {
    const { rows, meta, now } = packTimelines(timelines.slice(start, start + TIMELINE_CHUNK));
    yield [`${kind}.timelines.${chunk}.rows`, bytesOf(rows)];
    yield [`${kind}.timelines.${chunk}`, json(meta)];
    yield [`${kind}.timelines.${chunk}.now`, json(now)];
    await yieldToLoop();
  }
}

/**
 * The snapshot's bytes, piece by piece: the body section by section, yielding to the event
 * loop between sections and between chunks of bodies (no step blocks requests for long), then
 * the header and the trailer (the header is written last: only then are its checksum and
 * section lengths known).
 */
export async function* snapshotChunks(
  image: IndexImage,
  meta: { name: string; anchor: LogAnchor },
): AsyncGenerator<Buffer> {
  let crc = 0;
  let bodyBytes = 0;
  const sections: SnapshotHeader['sections'] = [];
  const body = async function* (): AsyncGenerator<[string, Buffer]> {
    for (const kind of KINDS) yield* sectionsOf(kind, image);
    yield ['planItems', json(image.planItems)];
    yield* countPointsSections(image.countPoints);
    yield ['liveCounts', json(image.liveCounts)];
  };
  for await (const [name, bytes] of body()) {
    // Skipped when empty: zlib's crc32 of a view of a zero-length ArrayBuffer drops `crc`.
    if (bytes.length > 0) crc = crc32(bytes, crc);
    bodyBytes += bytes.length;
    sections.push({ name, bytes: bytes.length });
    yield bytes;
  }
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    name: meta.name,
    anchor: meta.anchor,
    position: image.position,
    eventCount: image.eventCount,
    lastRecordedAt: image.lastRecordedAt,
    savedAt: new Date().toISOString(),
    sections,
    bodyBytes,
    crc32: crc,
  };
  const head = json(header);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  yield Buffer.concat([head, length, TRAILER]);
}

/** Writes the snapshot to `path` (the caller writes a temporary name and renames it) and syncs. */
export async function writeSnapshot(
  path: string,
  image: IndexImage,
  meta: { name: string; anchor: LogAnchor },
): Promise<void> {
  const file = await open(path, 'w');
  try {
    for await (const chunk of snapshotChunks(image, meta)) await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
}

export type HeaderRead =
  | { ok: true; header: SnapshotHeader; file: SnapshotBytes }
  | { ok: false; why: string };

/**
 * Opens a snapshot file and reads its header (not its body: the sections are read one by one
 * as they are decoded, see snapshot-bytes.ts); null when there is no file. The file stays open
 * for the decode, the checksum worker and the bodies a restored index reads later.
 */
export async function readSnapshotHeader(path: string): Promise<HeaderRead | null> {
  const file = SnapshotFile.open(path);
  if (file === null) return null;
  const read = parseSnapshotHeader(file, path);
  if (!read.ok) file.close();
  return read;
}

/** A snapshot's header, from its last bytes: refuses what is not whole. */
export function parseSnapshotHeader(source: SnapshotBytes | Buffer, path: string): HeaderRead {
  const file = Buffer.isBuffer(source) ? new BytesInMemory(source) : source;
  const end = file.size - TRAILER.length;
  const tail = Buffer.alloc(end >= 4 ? TRAILER.length + 4 : 0);
  if (tail.length > 0) file.read(tail, end - 4);
  if (end < 4 || !tail.subarray(4).equals(TRAILER))
    return { ok: false, why: `${path} is truncated or not a snapshot (it does not end with its trailer)` };
  const headLength = tail.readUInt32LE(0);
  const headStart = end - 4 - headLength;
  let parsed: z.ZodSafeParseResult<SnapshotHeader> | null = null;
  if (headStart >= 0) {
    try {
      const head = Buffer.alloc(headLength);
      file.read(head, headStart);
      parsed = SnapshotHeader.safeParse(JSON.parse(head.toString('utf8')));
    } catch {
      parsed = null;
    }
  }
  if (!parsed?.success) return { ok: false, why: `${path} has no readable header (truncated or edited)` };
  if (parsed.data.bodyBytes !== headStart)
    return {
      ok: false,
      why: `${path} is ${headStart} bytes of body where its header says ${parsed.data.bodyBytes}`,
    };
  return { ok: true, header: parsed.data, file };
}

/**
 * How a decode reads sections: `owned` into a fresh array of their own (aligned, kept by the
 * index: each column is written once, where it stays), `text` as a string (through one reused
 * buffer), `has` to check one is there.
 */
export interface SectionReader {
  owned(name: string): Uint8Array<ArrayBuffer>;
  text(name: string): string;
  has(name: string): boolean;
}

function sectionReader(header: SnapshotHeader, file: SnapshotBytes): SectionReader {
  const sections = new Map<string, { offset: number; bytes: number }>();
  let at = 0;
  for (const { name, bytes } of header.sections) {
    sections.set(name, { offset: at, bytes });
    at += bytes;
  }
  if (at !== header.bodyBytes)
    throw new Error(`its sections add up to ${at} bytes, not the ${header.bodyBytes} of its body`);
  const find = (name: string): { offset: number; bytes: number } => {
    const found = sections.get(name);
    if (!found) throw new Error(`section ${name} is missing`);
    return found;
  };
  let scratch = Buffer.allocUnsafeSlow(0);
  return {
    owned(name) {
      const { offset, bytes } = find(name);
      const out = new Uint8Array(bytes);
      file.read(out, offset);
      return out;
    },
    text(name) {
      const { offset, bytes } = find(name);
      if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(bytes);
      const view = scratch.subarray(0, bytes);
      file.read(view, offset);
      return view.toString('utf8');
    },
    has: (name) => sections.has(name),
  };
}

/** The CRC-32 of a snapshot's body, read a few MB at a time. */
function bodyCrc(header: SnapshotHeader, file: SnapshotBytes): number {
  let crc = 0;
  const step = Buffer.allocUnsafe(Math.min(header.bodyBytes, 4 * 1024 * 1024));
  for (let at = 0; at < header.bodyBytes; at += step.length) {
    const view = step.subarray(0, Math.min(step.length, header.bodyBytes - at));
    file.read(view, at);
    crc = crc32(view, crc);
  }
  return crc;
}

/**
 * The image a snapshot holds, after its checksum (unless the caller checks it itself:
 * `checked: false`, see SnapshotStore.load); throws (saying why) when it is not sound. Bodies
 * are not read here: the image's `bodies(chunk)` reads a chunk from `file` when called.
 */
export function decodeSnapshot(
  header: SnapshotHeader,
  file: SnapshotBytes,
  options: { checked?: boolean } = {},
): IndexImage {
  if (options.checked !== false && bodyCrc(header, file) !== header.crc32) throw new Error(CHECKSUM_MISMATCH);
  const sections = sectionReader(header, file);
  const kinds = {} as IndexImage['kinds'];
  for (const kind of KINDS) kinds[kind] = decodeKind(kind, sections);
  return {
    position: header.position,
    eventCount: header.eventCount,
    lastRecordedAt: header.lastRecordedAt,
    kinds,
    planItems: JSON.parse(sections.text('planItems')) as [string, string[]][],
    countPoints: decodeCountPoints(sections),
    liveCounts: JSON.parse(sections.text('liveCounts')) as LiveCountsImage | null,
  };
}

function decodeKind(kind: Kind, sections: SectionReader): IndexImage['kinds'][Kind] {
  const typed = <A>(name: string, Kind: { new (b: ArrayBuffer): A }, size: number): A => {
    const bytes = sections.owned(name);
    if (bytes.length % size !== 0) throw new Error(`section ${name} has a torn row`);
    return new Kind(bytes.buffer);
  };
  const ms = typed(`${kind}.ms`, Float64Array, 8);
  const length = ms.length;
  const tables = JSON.parse(sections.text(`${kind}.tables`)) as {
    types: string[];
    actors: ColumnsImage['actors'];
    streams: string[];
    oddIds: [number, string][];
    provenance: [number, ColumnsImage['provenance'][number]][];
  };
  // None at all (a ledger written live): no list (EventColumns.provenance).
  const provenance =
    tables.provenance.length === 0 ? [] : new Array<ColumnsImage['provenance'][number]>(length).fill(null);
  for (const [row, p] of tables.provenance) provenance[row] = p;
  // Bodies are not read now: a chunk is read from the file (then parsed) when a row of it is.
  let chunks = 0;
  for (; chunks * BODY_CHUNK < length; chunks++)
    if (!sections.has(`${kind}.data.${chunks}`)) throw new Error(`section ${kind}.data.${chunks} is missing`);
  if (sections.has(`${kind}.data.${chunks}`))
    throw new Error(`the ${kind} bodies do not have ${length} rows`);
  const columns: ColumnsImage = {
    length,
    ms,
    day: typed(`${kind}.day`, Int32Array, 4),
    revision: typed(`${kind}.revision`, Int32Array, 4),
    position: typed(`${kind}.position`, Float64Array, 8),
    type: typed(`${kind}.type`, Uint8Array, 1),
    version: typed(`${kind}.version`, Uint8Array, 1),
    actor: typed(`${kind}.actor`, Int32Array, 4),
    stream: typed(`${kind}.stream`, Int32Array, 4),
    ids: typed(`${kind}.ids`, Uint8Array, ID_BYTES),
    oddIds: tables.oddIds,
    bodies: (chunk) => sections.owned(`${kind}.data.${chunk}`),
    provenance,
    types: tables.types,
    actors: tables.actors,
    streams: tables.streams,
  };
  for (const name of ['day', 'revision', 'position', 'type', 'version', 'actor', 'stream'] as const)
    if (columns[name].length !== length)
      throw new Error(`section ${kind}.${name} does not have ${length} rows`);
  if (columns.ids.length !== length * ID_BYTES)
    throw new Error(`section ${kind}.ids does not have ${length} rows`);
  const timelines: IndexImage['kinds'][Kind]['timelines'] = [];
  for (let chunk = 0; sections.has(`${kind}.timelines.${chunk}`); chunk++) {
    const meta: unknown = JSON.parse(sections.text(`${kind}.timelines.${chunk}`));
    const rows = typed(`${kind}.timelines.${chunk}.rows`, Int32Array, 4);
    for (const entry of unpackTimelines(meta, rows, savedFolds(sections, `${kind}.timelines.${chunk}.now`)))
      timelines.push(entry);
  }
  return { columns, timelines };
}

/**
 * The i-th "now" fold of a run of timelines, read from the file and parsed (the whole run at
 * once) the first time one of them is asked for: a start parses none of them (at 1M events,
 * ≈ 52 MB of JSON), the live board counts being saved beside them (live-board-counts.ts).
 */
function savedFolds(sections: SectionReader, name: string): (i: number) => unknown {
  if (!sections.has(name)) throw new Error(`section ${name} is missing`);
  let folds: unknown[] | null = null;
  return (i) => {
    folds ??= JSON.parse(sections.text(name)) as unknown[];
    if (!Array.isArray(folds) || i >= folds.length)
      throw new Error(`section ${name} does not hold fold ${i}`);
    return folds[i];
  };
}
