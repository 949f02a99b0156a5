/** Reading a snapshot's body back into an index image: its checksum, its sections, each kind's columns and timelines. */
import { crc32 } from 'node:zlib';
import { decodeCountPoints } from '../board-count-points-image.js';
import { BODY_CHUNK } from '../event-bodies.js';
import { type ColumnsImage, type IndexImage, KINDS, type Kind } from '../index-image.js';
import { listEntry } from '../json-list.js';
import type { LiveCountsImage } from '../live-board-counts.js';
import { unpackTimelines } from '../timeline-image.js';
import { ID_BYTES } from '../ulid-bytes.js';
import type { SnapshotBytes } from './snapshot-bytes.js';
import { CHECKSUM_MISMATCH } from './snapshot-checksum.js';
import type { SnapshotHeader } from './snapshot-header.js';

/**
 * How a decode reads sections: `owned` into a fresh array of their own (aligned, kept by the
 * index: each column is written once, where it stays), `text` as a string (through one reused
 * buffer), `has` to check one is there.
 */
export interface SectionReader {
  owned(name: string): Uint8Array<ArrayBuffer>;
  /** Bytes [from, to) of a section, into a fresh array. */
  range(name: string, from: number, to: number): Uint8Array<ArrayBuffer>;
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
    range(name, from, to) {
      const { offset, bytes } = find(name);
      if (!(from >= 0 && from <= to && to <= bytes))
        throw new Error(`section ${name} has no bytes ${from} to ${to}`);
      const out = new Uint8Array(to - from);
      file.read(out, offset + from);
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
  const textsTable = JSON.parse(sections.text(`${kind}.texts`)) as {
    tokens: string[];
    count: number;
    chars: number;
  };
  // Bodies are not read now: a chunk is read from the file (then parsed) when a row of it is.
  let chunks = 0;
  for (; chunks * BODY_CHUNK < length; chunks++)
    if (!sections.has(`${kind}.data.${chunks}`)) throw new Error(`section ${kind}.data.${chunks} is missing`);
  if (sections.has(`${kind}.data.${chunks}`))
    throw new Error(`the ${kind} bodies do not have ${length} rows`);
  // Where each row's body starts in its chunk (BODY_CHUNK + 1 entries a chunk, the last chunk's
  // as many as its rows and one): a read parses its row alone.
  const starts = typed(`${kind}.data.starts`, Int32Array, 4);
  if (starts.length !== length + chunks)
    throw new Error(`section ${kind}.data.starts does not have ${length + chunks} entries`);
  const startsOf = (chunk: number) =>
    starts.subarray(chunk * (BODY_CHUNK + 1), Math.min(starts.length, (chunk + 1) * (BODY_CHUNK + 1)));
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
    bodies: (chunk) => ({ bytes: sections.owned(`${kind}.data.${chunk}`), starts: startsOf(chunk) }),
    bodyRows: {
      starts: startsOf,
      read: (chunk, from, to) => sections.range(`${kind}.data.${chunk}`, from, to),
    },
    texts: { ...textsTable, pages: [sections.owned(`${kind}.texts.pages`)] },
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
 * The i-th "now" fold of a run of timelines, read from the file and parsed alone (where the
 * run's folds start is read once, the first time one of them is asked for): a start parses
 * none of them (at 1M events, ≈ 52 MB of JSON), the live board counts being saved beside them
 * (live-board-counts.ts), and a first read parses the folds it answers from, not their run's
 * (≈ 3 MB: tens of ms in a first plan read).
 */
function savedFolds(sections: SectionReader, name: string): (i: number) => unknown {
  for (const section of [name, `${name}.starts`])
    if (!sections.has(section)) throw new Error(`section ${section} is missing`);
  let starts: Int32Array | null = null;
  return (i) => {
    starts ??= new Int32Array(sections.owned(`${name}.starts`).buffer);
    if (i >= starts.length - 1) throw new Error(`section ${name} does not hold fold ${i}`);
    return listEntry(starts, i, (from, to) => sections.range(name, from, to));
  };
}
