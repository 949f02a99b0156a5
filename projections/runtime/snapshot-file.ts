import { open } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { LogAnchor } from '../../src/store/log-anchor.js';
import { countPointsSections, decodeCountPoints } from '../board-count-points-image.js';
import { BODY_CHUNK } from '../event-bodies.js';
import { type ColumnsImage, type IndexImage, KINDS, type Kind } from '../index-image.js';
import { packTimelines, unpackTimelines } from '../timeline-image.js';
import { CHECKSUM_MISMATCH, readShared } from './snapshot-checksum.js';

/**
 * The snapshot file's layout version. Bump it whenever what is written changes: a file of
 * another format is refused (and the index rebuilt) rather than misread.
 */
export const SNAPSHOT_FORMAT = 3;

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
    const { rows, meta } = packTimelines(timelines.slice(start, start + TIMELINE_CHUNK));
    yield [`${kind}.timelines.${chunk}.rows`, bytesOf(rows)];
    yield [`${kind}.timelines.${chunk}`, json(meta)];
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

export type HeaderRead = { ok: true; header: SnapshotHeader; file: Buffer } | { ok: false; why: string };

/**
 * Reads a snapshot file and its header (not yet its body); null when there is no file. The
 * bytes are shared memory, so that the checksum can be computed on a worker thread while the
 * body is decoded (snapshot-checksum.ts).
 */
export async function readSnapshotHeader(path: string): Promise<HeaderRead | null> {
  const file = await readShared(path);
  return file === null ? null : parseSnapshotHeader(file, path);
}

/** A snapshot's header, from its last bytes: refuses what is not whole. */
export function parseSnapshotHeader(file: Buffer, path: string): HeaderRead {
  const end = file.length - TRAILER.length;
  if (end < 4 || !file.subarray(end).equals(TRAILER))
    return { ok: false, why: `${path} is truncated or not a snapshot (it does not end with its trailer)` };
  const headLength = file.readUInt32LE(end - 4);
  const headStart = end - 4 - headLength;
  let parsed: z.ZodSafeParseResult<SnapshotHeader> | null = null;
  if (headStart >= 0) {
    try {
      parsed = SnapshotHeader.safeParse(JSON.parse(file.toString('utf8', headStart, end - 4)));
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
 * The image a snapshot holds, after its checksum (unless the caller checks it itself:
 * `checked: false`, see SnapshotStore.load); throws (saying why) when it is not sound.
 */
export function decodeSnapshot(
  header: SnapshotHeader,
  file: Buffer,
  options: { checked?: boolean } = {},
): IndexImage {
  const body = file.subarray(0, header.bodyBytes);
  if (options.checked !== false && crc32(body) !== header.crc32) throw new Error(CHECKSUM_MISMATCH);
  const sections = new Map<string, Buffer>();
  let at = 0;
  for (const { name, bytes } of header.sections) {
    sections.set(name, body.subarray(at, at + bytes));
    at += bytes;
  }
  const section = (name: string): Buffer => {
    const bytes = sections.get(name);
    if (!bytes) throw new Error(`section ${name} is missing`);
    return bytes;
  };
  const kinds = {} as IndexImage['kinds'];
  for (const kind of KINDS) kinds[kind] = decodeKind(kind, sections, section);
  return {
    position: header.position,
    eventCount: header.eventCount,
    lastRecordedAt: header.lastRecordedAt,
    kinds,
    planItems: JSON.parse(section('planItems').toString('utf8')) as [string, string[]][],
    countPoints: decodeCountPoints(section),
  };
}

function decodeKind(
  kind: Kind,
  sections: ReadonlyMap<string, Buffer>,
  section: (name: string) => Buffer,
): IndexImage['kinds'][Kind] {
  const typed = <A>(name: string, Kind: { new (b: ArrayBuffer): A }, size: number): A => {
    const bytes = section(name);
    if (bytes.length % size !== 0) throw new Error(`section ${name} has a torn row`);
    const copy = new Uint8Array(bytes.length); // aligned, and not shared with the file's buffer
    copy.set(bytes);
    return new Kind(copy.buffer);
  };
  const ms = typed(`${kind}.ms`, Float64Array, 8);
  const length = ms.length;
  const tables = JSON.parse(section(`${kind}.tables`).toString('utf8')) as {
    types: string[];
    actors: ColumnsImage['actors'];
    streams: string[];
    oddIds: [number, string][];
    provenance: [number, ColumnsImage['provenance'][number]][];
  };
  const provenance = new Array<ColumnsImage['provenance'][number]>(length).fill(null);
  for (const [row, p] of tables.provenance) provenance[row] = p;
  // Bodies stay bytes (copied, so the file's buffer can go): parsed chunk by chunk when read.
  const bodies: Uint8Array[] = [];
  for (let chunk = 0; chunk * BODY_CHUNK < length; chunk++)
    bodies.push(new Uint8Array(section(`${kind}.data.${chunk}`)));
  if (sections.has(`${kind}.data.${bodies.length}`))
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
    ids: typed(`${kind}.ids`, Uint8Array, 26),
    oddIds: tables.oddIds,
    bodies: (chunk) => bodies[chunk] as Uint8Array,
    provenance,
    types: tables.types,
    actors: tables.actors,
    streams: tables.streams,
  };
  for (const name of ['day', 'revision', 'position', 'type', 'version', 'actor', 'stream'] as const)
    if (columns[name].length !== length)
      throw new Error(`section ${kind}.${name} does not have ${length} rows`);
  if (columns.ids.length !== length * 26) throw new Error(`section ${kind}.ids does not have ${length} rows`);
  const timelines: IndexImage['kinds'][Kind]['timelines'] = [];
  for (let chunk = 0; sections.has(`${kind}.timelines.${chunk}`); chunk++) {
    const meta: unknown = JSON.parse(section(`${kind}.timelines.${chunk}`).toString('utf8'));
    const rows = typed(`${kind}.timelines.${chunk}.rows`, Int32Array, 4);
    for (const entry of unpackTimelines(meta, rows)) timelines.push(entry);
  }
  return { columns, timelines };
}
