import { ByteScratch } from './byte-scratch.js';
import { TokenTable } from './token-table.js';

// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_IN = new TextDecoder();
const UTF8_OUT = new TextEncoder();

/** Bytes per page (a text never spans two). */
const PAGE = 1 << 16;
/** Longer texts are not kept here (see `add`): their codes could outgrow a page. */
export const MAX_ARENA_TEXT = 8_192;
/** A lone surrogate has no UTF-8 form: a text holding any surrogate is not kept here. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** The arena as a snapshot saves it: its tokens in code order and its pages' bytes, page after page. */
export interface ArenaImage {
  tokens: string[];
  /** Every page but the last whole (PAGE bytes), the last as far as it is used. */
  pages: readonly Uint8Array[];
  count: number;
  chars: number;
}

/**
 * Texts a replay thread read (columns-page.ts), for `TextArena.addJoined`: one string, the
 * texts one after another, and where each ends (in UTF-16 units).
 */
export interface JoinedTexts {
  joined: string;
  ends: Int32Array;
}

/**
 * Texts kept as token codes: a text is cut into tokens (a run of non-space characters and the
 * spaces after it), each token kept once in a table (as a string, to find it, and as its UTF-8
 * bytes), and the text as the numbers of its tokens, a varint each, in pages of bytes outside
 * the JS heap. A text is one number (where its codes start); reading it copies its tokens'
 * bytes into one buffer and decodes that: one flat string, as the text was.
 *
 * Why (docs/architecture.md, "Index layout and cost"): progress updates are 7 events in 10 and
 * their texts (≈ 230 characters, one string each) were the largest part of a built index's
 * heap. Prose repeats its words: on the real board papers (../shared/seeds) the codes take about
 * a quarter of the characters. Any text comes back exactly: a token never seen is added, a
 * token too long (or met once the table is full) is written out as its bytes.
 */
export class TextArena {
  private readonly table = new TokenTable();
  private readonly pages: Uint8Array[] = [];
  private page: Uint8Array = new Uint8Array(0);
  private used = 0;
  /** Texts kept, their characters and the bytes of their codes (for measurements). */
  count = 0;
  chars = 0;
  bytes = 0;

  /** How many distinct tokens are kept. */
  get tokenCount(): number {
    return this.table.count;
  }

  /** The tokens in code order from code 1 (what a snapshot saves). */
  get tokens(): readonly string[] {
    return this.table.tokens.slice(1);
  }

  /** Whether `add` keeps this text (else the caller keeps it as it is). */
  static fits(text: string): boolean {
    return text.length <= MAX_ARENA_TEXT && !SURROGATE.test(text);
  }

  /** Keeps `text` (one that `fits`); returns where it is (a small integer). */
  add(text: string): number {
    return this.addPart(text, 0, text.length);
  }

  /**
   * Keeps each of `texts` (each one that `fits`) as `add` would; returns where each is. The
   * texts are coded where they lie in the joined string: none is cut out of it.
   */
  addJoined(texts: JoinedTexts): number[] {
    const { joined, ends } = texts;
    const offsets = new Array<number>(ends.length);
    // The whole string as UTF-8 at once (TokenTable.codeBytes). When every character is one
    // byte (ASCII: the usual page) a text's ends are its bytes' ends; else each text is
    // coded alone, from its own bytes.
    const utf8 = joinedBytes.reset(joined.length * 3).bytes;
    const { read, written } = UTF8_OUT.encodeInto(joined, utf8);
    const ascii = read === joined.length && written === joined.length;
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      if (ascii) {
        const out = coded.reset((end - start) * 5 + 24);
        this.table.codeBytes(utf8, start, end, out);
        offsets[i] = this.keep(out, end - start);
      } else offsets[i] = this.addPart(joined, start, end);
      start = end;
    }
    if (start !== joined.length)
      throw new Error(`joined texts of ${joined.length} characters end at ${start}`);
    return offsets;
  }

  private addPart(text: string, from: number, to: number): number {
    const out = coded.reset((to - from) * 5 + 24);
    this.table.code(text, out, from, to);
    return this.keep(out, to - from);
  }

  /** Writes a text's codes (`out`, of a text of `chars` UTF-16 units) to a page; returns where. */
  private keep(out: ByteScratch, chars: number): number {
    const { bytes, length } = out;
    const offset = this.place(length);
    // Byte by byte: a text's codes are a few dozen bytes, less than a view (`subarray`) costs.
    const { page } = this;
    let at = this.used;
    for (let i = 0; i < length; i++) page[at++] = bytes[i] as number;
    this.used = at;
    this.count++;
    this.chars += chars;
    this.bytes += length;
    return offset;
  }

  /** Where a text of `length` bytes of codes goes: on this page, or at the start of a new one. */
  private place(length: number): number {
    if (this.used + length > this.page.length) {
      this.page = new Uint8Array(PAGE);
      this.pages.push(this.page);
      this.used = 0;
    }
    return (this.pages.length - 1) * PAGE + this.used;
  }

  /**
   * What the arena holds now, for a snapshot: views, not copies. Texts added later go after
   * it (tokens are only appended, bytes written are never changed), so the image stays true.
   */
  image(): ArenaImage {
    const pages = this.pages.slice();
    if (pages.length > 0) pages[pages.length - 1] = this.page.subarray(0, this.used);
    return { tokens: this.table.tokens.slice(1), pages, count: this.count, chars: this.chars };
  }

  /** Takes the texts of an image (an empty arena only): offsets into it read as they did. */
  adopt(image: { tokens: readonly string[]; pages: Uint8Array; count: number; chars: number }): void {
    if (this.table.count > 0 || this.pages.length > 0) throw new Error('the arena already holds texts');
    for (const token of image.tokens) this.table.append(token);
    const { pages } = image;
    for (let at = 0; at < pages.length; at += PAGE)
      this.pages.push(pages.subarray(at, Math.min(at + PAGE, pages.length)));
    if (this.pages.length > 0) {
      // The last page goes on filling: a page of its own, as long as any.
      const last = this.pages[this.pages.length - 1] as Uint8Array;
      this.page = new Uint8Array(PAGE);
      this.page.set(last);
      this.pages[this.pages.length - 1] = this.page;
      this.used = last.length;
    }
    this.count = image.count;
    this.chars = image.chars;
    this.bytes = pages.length;
  }

  /** The text kept at `offset` (a new string each time). */
  get(offset: number): string {
    const page = this.pages[Math.floor(offset / PAGE)] as Uint8Array;
    const { pool, tokenAt } = this.table;
    let p = offset % PAGE;
    let b = page[p++] as number;
    let count = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = page[p++] as number;
      count |= (b & 0x7f) << shift;
    }
    let out: Uint8Array = chars.reset(MAX_ARENA_TEXT * 3).bytes;
    let o = 0;
    for (let t = 0; t < count; t++) {
      b = page[p++] as number;
      let code = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = page[p++] as number;
        code |= (b & 0x7f) << shift;
      }
      let from: Uint8Array = pool;
      let start = 0;
      let end = 0;
      if (code !== 0) {
        start = tokenAt[code] as number;
        end = tokenAt[code + 1] as number;
      } else {
        // A token written out: its byte length, then its bytes.
        b = page[p++] as number;
        let length = b & 0x7f;
        for (let shift = 7; b & 0x80; shift += 7) {
          b = page[p++] as number;
          length |= (b & 0x7f) << shift;
        }
        from = page;
        start = p;
        end = p + length;
        p = end;
      }
      if (o + end - start > out.length) {
        chars.length = o;
        out = chars.grow(o + end - start);
      }
      for (let j = start; j < end; j++) out[o++] = from[j] as number;
    }
    return UTF8_IN.decode(out.subarray(0, o));
  }
}

/** The codes of the text being kept, and the bytes of the text being read. */
const coded = new ByteScratch();
const chars = new ByteScratch();
/** A replay page's joined texts as UTF-8 (`addJoined`). */
const joinedBytes = new ByteScratch();
