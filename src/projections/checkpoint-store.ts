import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { EventMetadata, type RecordedEvent, StoreFields } from '../domain/envelope.js';
import { CorruptEventError } from '../errors.js';

/** Where a projection's persisted state ends: what it covers and how much of the file is valid. */
export const Checkpoint = z.strictObject({
  name: z.string(),
  version: z.number().int().positive(),
  /** Global position of the last event the state covers; -1 when empty. */
  position: z.number().int().min(-1),
  /** Number of complete lines and bytes of the journal that belong to this checkpoint. */
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  savedAt: z.string(),
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
   * after it. Every line is validated; a bad line is a CorruptEventError (delete the files or
   * rebuild to recover).
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
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    const file = await open(this.journalPath, previous ? 'a' : 'w');
    try {
      if (text.length > 0) await file.write(text);
      await file.sync();
    } finally {
      await file.close();
    }
    const checkpoint: Checkpoint = {
      name: this.name,
      version: this.version,
      position,
      lines: (previous?.lines ?? 0) + events.length,
      bytes: (previous?.bytes ?? 0) + Buffer.byteLength(text),
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
