import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { EventMetadata, type RecordedEvent, StoreFields } from '../../src/domain/envelope.js';
import { CorruptEventError } from '../../src/errors.js';
import { anchorOf, LogAnchor } from '../../src/store/log-anchor.js';

/** Where a projection's persisted state ends: what it covers and how much of the file is valid. */
export const Checkpoint = z.strictObject({
  name: z.string(),
  version: z.number().int().positive(),
  /** Global position of the last event the state covers; -1 when empty. */
  position: z.number().int().min(-1),
  /** Number of complete lines and bytes of the journal that belong to this checkpoint. */
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /**
   * CRC-32 of those bytes. With it the journal loads without validating each line (it holds
   * what the store gave, and a torn or edited file fails the checksum); without it (files
   * saved before the checksum existed) every line is validated as before.
   */
  crc32: z.number().int().nonnegative().optional(),
  savedAt: z.string(),
  /**
   * Which log this state is a prefix of (first event's hash, last folded position and hash):
   * checked against the store on start (src/app/log-anchor.ts). Absent in files saved before.
   */
  anchor: LogAnchor.optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** One journal line: a stored event exactly as the store gave it (validated again on load). */
const JournalLine = z.strictObject({
  ...EventMetadata.shape,
  ...StoreFields.shape,
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
});

/**
 * Persists the as-of index as an append-only journal (NDJSON, one event per line) plus a small
 * checkpoint file naming how much of the journal is valid. The index is itself append-only, so
 * saving costs only the events since the last save, and a crash between the two writes leaves
 * at worst a tail of lines the checkpoint does not cover (cut off on load).
 *
 * File names carry the projection version: bumping it ignores the old files, i.e. rebuilds.
 */
export class CheckpointStore {
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly version: number,
  ) {}

  private get journalPath(): string {
    return join(this.dir, `${this.name}.v${this.version}.ndjson`);
  }
  private get checkpointPath(): string {
    return join(this.dir, `${this.name}.v${this.version}.json`);
  }

  /** The saved checkpoint, or null when there is none (or it is for another projection). */
  async read(): Promise<Checkpoint | null> {
    let text: string;
    try {
      text = await readFile(this.checkpointPath, 'utf8');
    } catch {
      return null;
    }
    const parsed = Checkpoint.safeParse(safeJson(text));
    if (!parsed.success || parsed.data.name !== this.name || parsed.data.version !== this.version)
      return null;
    return parsed.data;
  }

  /**
   * Streams the journal's events up to the checkpoint, after cutting off any tail written
   * after it. A bad line, or (checksummed journals) a checksum that does not match once the
   * last line is read, is a CorruptEventError: the caller must then discard what it built.
   */
  async *load(checkpoint: Checkpoint): AsyncGenerator<RecordedEvent> {
    const size = await stat(this.journalPath).then(
      (s) => s.size,
      () => -1,
    );
    if (size < checkpoint.bytes) {
      throw new CorruptEventError('-', 'journal', `${this.journalPath} is shorter than its checkpoint`);
    }
    if (size > checkpoint.bytes) await truncate(this.journalPath, checkpoint.bytes);
    if (checkpoint.lines === 0) return;
    if (checkpoint.crc32 !== undefined) {
      yield* readChecksummed(this.journalPath, checkpoint.lines, checkpoint.crc32);
      return;
    }
    const lines = createInterface({ input: createReadStream(this.journalPath, { encoding: 'utf8' }) });
    let n = 0;
    for await (const line of lines) {
      if (n++ >= checkpoint.lines) break;
      const parsed = JournalLine.safeParse(safeJson(line));
      if (!parsed.success) {
        throw new CorruptEventError('-', 'journal', `line ${n} of ${this.journalPath} is not a stored event`);
      }
      yield parsed.data;
    }
  }

  /** Appends events to the journal (durably) and then moves the checkpoint past them. */
  async append(
    events: readonly RecordedEvent[],
    previous: Checkpoint | null,
    position: number,
  ): Promise<Checkpoint> {
    await mkdir(this.dir, { recursive: true });
    const bytes = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    // A journal saved before checksums existed gets its CRC computed once, here.
    const before = previous ? (previous.crc32 ?? (await fileCrc(this.journalPath, previous.bytes))) : 0;
    const file = await open(this.journalPath, previous ? 'a' : 'w');
    try {
      if (bytes.length > 0) await file.write(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    const last = events.at(-1);
    const anchor =
      last === undefined
        ? previous?.anchor
        : anchorOf(previous ? (previous.anchor?.firstHash ?? null) : (events[0]?.hash ?? null), last);
    const checkpoint: Checkpoint = {
      name: this.name,
      version: this.version,
      position,
      ...(anchor === undefined ? {} : { anchor }),
      lines: (previous?.lines ?? 0) + events.length,
      bytes: (previous?.bytes ?? 0) + bytes.length,
      crc32: crc32(bytes, before),
      savedAt: new Date().toISOString(),
    };
    const tmp = `${this.checkpointPath}.tmp`;
    await writeFile(tmp, JSON.stringify(checkpoint));
    await rename(tmp, this.checkpointPath);
    return checkpoint;
  }

  /** Forgets everything saved (before a rebuild). */
  async reset(): Promise<void> {
    await rm(this.checkpointPath, { force: true });
    await rm(this.journalPath, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** CRC-32 of the first `bytes` bytes of a file. */
async function fileCrc(path: string, bytes: number): Promise<number> {
  let crc = 0;
  if (bytes === 0) return crc;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 }))
    crc = crc32(chunk as Buffer, crc);
  return crc;
}

/** Envelope fields a journal line must plainly have (the body is the decoder's business). */
function isRecordLike(value: unknown): value is RecordedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.eventId === 'string' &&
    typeof r.type === 'string' &&
    Number.isSafeInteger(r.schemaVersion) &&
    typeof r.streamId === 'string' &&
    Number.isSafeInteger(r.revision) &&
    Number.isSafeInteger(r.position) &&
    typeof r.effectiveOn === 'string' &&
    typeof r.recordedAt === 'string' &&
    typeof r.actor === 'object' &&
    r.actor !== null &&
    typeof r.data === 'object'
  );
}

/**
 * The journal's lines as records, checked against the CRC only at the end (one pass over the
 * file: a 1M-event journal is ~700 MB). Nothing else is validated per line: the lines are
 * what the store returned, and the runner's decoder still checks every body's structure.
 */
async function* readChecksummed(
  path: string,
  lines: number,
  expected: number,
): AsyncGenerator<RecordedEvent> {
  const corrupt = (why: string) => new CorruptEventError('-', 'journal', `${path}: ${why}`);
  let crc = 0;
  let carry: Buffer | null = null;
  let n = 0;
  for await (const read of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = read as Buffer;
    crc = crc32(chunk, crc);
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      const record = safeJson(data.toString('utf8', start, end));
      start = end + 1;
      if (!isRecordLike(record)) throw corrupt(`line ${n + 1} is not a stored event`);
      n++;
      yield record;
    }
    carry = start < data.length ? data.subarray(start) : null;
  }
  if (carry !== null || n !== lines) throw corrupt(`${n} lines where the checkpoint says ${lines}`);
  if (crc !== expected) throw corrupt('checksum does not match its checkpoint (edited or torn)');
}
