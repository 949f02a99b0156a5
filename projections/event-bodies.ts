import { type JsonList, jsonList, listEntry, listStarts } from './json-list.js';
import { type ArenaImage, type JoinedTexts, TextArena } from './text-arena.js';

// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_IN = new TextDecoder();

/** A chunk of saved bodies: its JSON bytes, or a function that reads them. */
export type SavedChunk = Uint8Array | (() => Uint8Array);

/**
 * Where each row's body is in a saved chunk (json-list.ts `starts`), and its bytes read alone
 * (a restored index: from the snapshot file), so a read parses the rows it needs only.
 */
export interface SavedRows {
  starts(chunk: number): Int32Array;
  read(chunk: number, from: number, to: number): Uint8Array;
}

/** Rows per chunk of bodies: the unit a snapshot writes, and the unit a load parses lazily. */
export const BODY_CHUNK = 2_000;

/**
 * The bodies (`data`) of one stream kind's events, one per row. Bodies fed by the runner are
 * kept as the objects it decoded, except a body given as a string (a progress update's text,
 * see `EventColumns.kept`): that is kept as token codes (text-arena.ts) and joined again when
 * read, one number in the row's place. Bodies restored from a snapshot stay as the JSON bytes the
 * snapshot saved, chunk by chunk, and a chunk is parsed the first time one of its rows is read
 * (a fold step, a history, a correction): a start from a snapshot parses nothing it does not
 * fold, and a chunk nobody reads is written back to the next snapshot as the same bytes.
 *
 * Why (docs/architecture.md, "Runner and persistence"): parsing every body of a 1M-event
 * snapshot was most of a start's CPU, and the objects it made most of the heap the garbage
 * collector then marked.
 */
export class EventBodies {
  /**
   * Parsed bodies; `undefined` for a row whose chunk is still bytes; a number for a text kept
   * in `texts` (where it is there).
   */
  private parsed: unknown[] = [];
  private readonly texts = new TextArena();
  /**
   * Chunks not parsed yet, by chunk number: their bytes (a JSON array of their rows' bodies),
   * or where to get them (a restored index reads them from the snapshot file when needed).
   */
  private pending: (SavedChunk | undefined)[] = [];
  private pendingCount = 0;
  /** Ids inside restored bodies repeat across thousands of events: one string per id. */
  private ids: Map<string, string> | null = null;
  /** Where the rows of the pending chunks are, read one at a time (null: whole chunks only). */
  private rows: SavedRows | null = null;

  get length(): number {
    return this.parsed.length;
  }

  /** How many chunks are still unparsed (for tests and measurements). */
  get unparsedChunks(): number {
    return this.pendingCount;
  }

  /** Adds the body of the next row. */
  push(row: number, body: unknown): void {
    // The last chunk of a load may be partial: parse it before it grows, so a chunk that is
    // still bytes always holds exactly the rows it was saved with.
    if (this.pending[Math.floor(row / BODY_CHUNK)] !== undefined) this.parse(row);
    this.parsed[row] = this.kept(body);
  }

  /**
   * Keeps texts a replay thread read (text-arena.ts, `addJoined`) for the rows `pushText` adds
   * next; returns where each is.
   */
  addJoinedTexts(texts: JoinedTexts): number[] {
    return this.texts.addJoined(texts);
  }

  /** Adds the body of the next row: a text kept at `at` (`addJoinedTexts`). */
  pushText(row: number, at: number): void {
    if (this.pending[Math.floor(row / BODY_CHUNK)] !== undefined) this.parse(row);
    this.parsed[row] = at;
  }

  /** The body of a row (a text kept as codes is joined again: a new string each time). */
  get(row: number): unknown {
    const body = this.parsed[row];
    if (typeof body === 'number') return this.texts.get(body);
    if (body !== undefined) return body;
    if (this.rows !== null) this.parseRow(row, this.rows);
    else this.parse(row);
    const parsed = this.parsed[row];
    return typeof parsed === 'number' ? this.texts.get(parsed) : parsed;
  }

  /** What `parsed` holds for `body`: a text's place in the arena, anything else as it is. */
  private kept(body: unknown): unknown {
    return typeof body === 'string' && TextArena.fits(body) ? this.texts.add(body) : body;
  }

  /** How much the texts kept as codes take, and what they would as strings (for measurements). */
  get textStats(): { texts: number; chars: number; bytes: number; tokens: number } {
    const { count, chars, bytes, tokenCount } = this.texts;
    return { texts: count, chars, bytes, tokens: tokenCount };
  }

  /**
   * Takes `rows` bodies as the chunks a snapshot saved (each a JSON array of up to BODY_CHUNK
   * bodies, in row order; a number is a text kept as codes, where it is in `texts`), as bytes
   * or as a function that reads them (called when a row of the chunk is first read). Throws
   * when their count is not `rows` (a torn or edited file).
   */
  adopt(
    chunks: readonly SavedChunk[],
    rows: number,
    texts?: { tokens: readonly string[]; pages: Uint8Array; count: number; chars: number },
    savedRows?: SavedRows,
  ): void {
    if (chunks.length !== Math.ceil(rows / BODY_CHUNK))
      throw new Error(`${chunks.length} chunks of bodies for ${rows} rows`);
    this.parsed = new Array<unknown>(rows).fill(undefined);
    this.pending = chunks.slice();
    this.pendingCount = chunks.length;
    this.rows = savedRows ?? null;
    if (texts) this.texts.adopt(texts);
  }

  /** The texts kept as codes, as they stand (what a snapshot saves beside the chunks). */
  textsImage(): ArenaImage {
    return this.texts.image();
  }

  /**
   * The JSON bytes of chunk `chunk` over rows below `rows` (what a snapshot writes) and where
   * each row's body starts in them: the saved bytes when the chunk was never parsed whole,
   * else its bodies serialized.
   */
  chunk(chunk: number, rows: number): JsonList {
    const saved = this.pending[chunk];
    if (saved !== undefined) {
      const bytes = typeof saved === 'function' ? saved() : saved;
      return { bytes, starts: this.rows?.starts(chunk) ?? listStarts(bytes) };
    }
    // A text kept as codes is written as where it is (the arena is saved beside the chunks).
    const start = chunk * BODY_CHUNK;
    return jsonList(this.parsed.slice(start, Math.min(rows, start + BODY_CHUNK)));
  }

  /** `chunk(chunk, rows)`'s bytes. */
  chunkJson(chunk: number, rows: number): Uint8Array {
    return this.chunk(chunk, rows).bytes;
  }

  /** Parses one row of a chunk still saved, from its own bytes. */
  private parseRow(row: number, rows: SavedRows): void {
    const chunk = Math.floor(row / BODY_CHUNK);
    if (this.pending[chunk] === undefined) throw new Error(`no body for row ${row}`);
    const start = chunk * BODY_CHUNK;
    const starts = rows.starts(chunk);
    const expected = Math.min(BODY_CHUNK, this.parsed.length - start);
    if (starts.length !== expected + 1)
      throw new Error(`chunk ${chunk} of bodies holds ${starts.length - 1} rows, not ${expected}`);
    const body = listEntry(starts, row - start, (from, to) => rows.read(chunk, from, to));
    this.ids ??= new Map();
    this.parsed[row] = this.kept(internIds(body, this.ids));
  }

  /** Parses the chunk holding `row` (its rows read alone already are kept as they are). */
  private parse(row: number): void {
    const chunk = Math.floor(row / BODY_CHUNK);
    const saved = this.pending[chunk];
    if (saved === undefined) throw new Error(`no body for row ${row}`);
    const bytes = typeof saved === 'function' ? saved() : saved;
    const bodies = JSON.parse(UTF8_IN.decode(bytes)) as unknown[];
    const start = chunk * BODY_CHUNK;
    const expected = Math.min(BODY_CHUNK, this.parsed.length - start);
    // The CRC was checked on load: a mismatch here is a bug, not a torn file.
    if (bodies.length !== expected)
      throw new Error(`chunk ${chunk} of bodies holds ${bodies.length} rows, not ${expected}`);
    this.ids ??= new Map();
    for (let i = 0; i < bodies.length; i++)
      if (this.parsed[start + i] === undefined)
        this.parsed[start + i] = this.kept(internIds(bodies[i], this.ids));
    this.pending[chunk] = undefined;
    this.pendingCount--;
  }
}

/**
 * Ids in bodies (`itemId`, `planIds`, …) are shared again as the trusted decoder shares them:
 * parsed, each would be a string of its own.
 */
function internIds(body: unknown, ids: Map<string, string>): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const record = body as Record<string, unknown>;
  const one = (value: string): string => {
    const known = ids.get(value);
    if (known !== undefined) return known;
    ids.set(value, value);
    return value;
  };
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string' && value.length === 26) record[key] = one(value);
    else if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) if (typeof value[i] === 'string') value[i] = one(value[i]);
  }
  return body;
}
