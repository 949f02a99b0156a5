/** Writing a snapshot: the index image as named sections, yielding between them, then its header. */
import { open } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import type { LogAnchor } from '../../src/store/log-anchor.js';
import { countPointsSections } from '../board-count-points-image.js';
import { BODY_CHUNK } from '../event-bodies.js';
import { type IndexImage, KINDS, type Kind } from '../index-image.js';
import { jsonList } from '../json-list.js';
import { packTimelines } from '../timeline-image.js';
import { SNAPSHOT_FORMAT, type SnapshotHeader, TRAILER } from './snapshot-header.js';

/** Timelines per section: keeps each serializing step short (one kind's list took ≈ 290 ms). */
const TIMELINE_CHUNK = 2_000;

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
  // The texts the bodies keep as codes (the chunks hold where each is): the token table, then
  // the pages' bytes.
  const { tokens, pages, count, chars } = c.texts;
  yield [`${kind}.texts`, json({ tokens, count, chars })];
  yield [`${kind}.texts.pages`, Buffer.concat(pages)];
  await yieldToLoop();
  // One section per chunk of bodies: no string ever holds them all (at 1M, hundreds of MB). A
  // chunk a restored index never parsed is written back as the bytes it was read from.
  // Where each row's body starts in its chunk, every chunk's in one section after them
  // (BODY_CHUNK + 1 entries a chunk): a restored index reads and parses a row alone.
  const chunks = Math.ceil(c.length / BODY_CHUNK);
  const starts = new Int32Array(c.length + chunks);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const list = c.bodies(chunk);
    starts.set(list.starts, chunk * (BODY_CHUNK + 1));
    yield [`${kind}.data.${chunk}`, bytesOf(list.bytes)];
    await yieldToLoop();
  }
  yield [`${kind}.data.starts`, bytesOf(starts)];
  for (let start = 0, chunk = 0; start < timelines.length; start += TIMELINE_CHUNK, chunk++) {
    const { rows, meta, now } = packTimelines(timelines.slice(start, start + TIMELINE_CHUNK));
    yield [`${kind}.timelines.${chunk}.rows`, bytesOf(rows)];
    yield [`${kind}.timelines.${chunk}`, json(meta)];
    // The "now" folds with where each starts: a first read parses its own, not the run's.
    const folds = jsonList(now);
    yield [`${kind}.timelines.${chunk}.now`, bytesOf(folds.bytes)];
    yield [`${kind}.timelines.${chunk}.now.starts`, bytesOf(folds.starts)];
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
