// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_IN = new TextDecoder();
const UTF8_OUT = new TextEncoder();

/** Bytes per page (a text never spans two). */
const PAGE = 1 << 16;
/** Longer texts are not kept here (see `add`): their codes could outgrow a page. */
export const MAX_ARENA_TEXT = 8_192;
/** Longer tokens are written out (an id, a URL: rarely seen twice). */
const MAX_TOKEN = 40;
/** The table stops growing here; later new tokens are written out. */
const MAX_TOKENS = 1 << 18;
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
  /** Token by code; code 0 is "bytes follow" (a token written out). */
  private readonly tokens: string[] = [''];
  /** Each token's UTF-8 bytes: `pool[tokenAt[code] .. tokenAt[code + 1])`. */
  private pool = new Uint8Array(4096);
  private tokenAt = new Int32Array(256);
  /** Open-addressed hash table of token codes (0: empty), a power of two long. */
  private slots = new Int32Array(256);
  private readonly pages: Uint8Array[] = [];
  private page: Uint8Array = new Uint8Array(0);
  private used = 0;
  /** Texts kept, their characters and the bytes of their codes (for measurements). */
  count = 0;
  chars = 0;
  bytes = 0;

  /** How many distinct tokens are kept. */
  get tokenCount(): number {
    return this.tokens.length - 1;
  }

  /** Whether `add` keeps this text (else the caller keeps it as it is). */
  static fits(text: string): boolean {
    return text.length <= MAX_ARENA_TEXT && !SURROGATE.test(text);
  }

  /** Keeps `text` (one that `fits`); returns where it is (a small integer). */
  add(text: string): number {
    const out = codes.reset(text.length * 5 + 16);
    let count = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      // A token: non-space characters, then the spaces after them; found in the table by a
      // hash of a few of its characters, without cutting a string out of the text.
      const start = i;
      const space = text.indexOf(' ', i);
      i = space < 0 ? n : space;
      while (i < n && text.charCodeAt(i) === 32) i++;
      const code = this.find(text, start, i - start);
      out.varint(code);
      if (code === 0) out.text(text.slice(start, i));
      count++;
    }
    const length = varintLength(count) + out.length;
    if (this.used + length > this.page.length) {
      this.page = new Uint8Array(PAGE);
      this.pages.push(this.page);
      this.used = 0;
    }
    const offset = (this.pages.length - 1) * PAGE + this.used;
    const at = this.used + writeVarint(this.page, this.used, count);
    this.page.set(out.bytes.subarray(0, out.length), at);
    this.used = at + out.length;
    this.count++;
    this.chars += n;
    this.bytes += length;
    return offset;
  }

  /**
   * What the arena holds now, for a snapshot: views, not copies. Texts added later go after
   * it (tokens are only appended, bytes written are never changed), so the image stays true.
   */
  image(): ArenaImage {
    const pages = this.pages.slice();
    if (pages.length > 0) pages[pages.length - 1] = this.page.subarray(0, this.used);
    return { tokens: this.tokens.slice(1), pages, count: this.count, chars: this.chars };
  }

  /** Takes the texts of an image (an empty arena only): offsets into it read as they did. */
  adopt(image: { tokens: readonly string[]; pages: Uint8Array; count: number; chars: number }): void {
    if (this.tokens.length > 1 || this.pages.length > 0) throw new Error('the arena already holds texts');
    for (const token of image.tokens) {
      const code = this.tokens.length;
      this.tokens.push(token);
      this.keepBytes(code, token);
      if (this.tokens.length * 2 > this.slots.length) this.rehash();
    }
    this.rehash();
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
    const { pool, tokenAt } = this;
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
      if (o + end - start > out.length) out = chars.grow(o + end - start);
      for (let j = start; j < end; j++) out[o++] = from[j] as number;
    }
    return UTF8_IN.decode(out.subarray(0, o));
  }

  /** The code of text[start, start + length), added if new; 0 when it is written out instead. */
  private find(text: string, start: number, length: number): number {
    const mask = this.slots.length - 1;
    let slot = hashOf(text, start, length) & mask;
    for (;;) {
      const code = this.slots[slot] as number;
      if (code === 0) break;
      const token = this.tokens[code] as string;
      if (token.length === length && text.startsWith(token, start)) return code;
      slot = (slot + 1) & mask;
    }
    if (length > MAX_TOKEN || this.tokens.length >= MAX_TOKENS) return 0;
    const code = this.tokens.length;
    const token = text.slice(start, start + length);
    this.tokens.push(token);
    this.slots[slot] = code;
    this.keepBytes(code, token);
    // Kept at most half full: grown (rehashed) past that.
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    return code;
  }

  private keepBytes(code: number, token: string): void {
    if (code + 2 > this.tokenAt.length) {
      const bigger = new Int32Array(this.tokenAt.length * 2);
      bigger.set(this.tokenAt);
      this.tokenAt = bigger;
    }
    const at = this.tokenAt[code] as number;
    if (at + token.length * 3 > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, at + token.length * 3));
      bigger.set(this.pool.subarray(0, at));
      this.pool = bigger;
    }
    const { written } = UTF8_OUT.encodeInto(token, this.pool.subarray(at));
    this.tokenAt[code + 1] = at + written;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 1; code < this.tokens.length; code++) {
      const token = this.tokens[code] as string;
      let slot = hashOf(token, 0, token.length) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
  }
}

/**
 * A hash of text[start, start + length): its length and five of its characters (`find`
 * compares the whole token; sampling keeps the cut cheap).
 */
function hashOf(text: string, start: number, length: number): number {
  const last = start + length - 1;
  let hash = Math.imul(0x811c9dc5 ^ length, 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(start), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(start + (length >> 2)), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(start + (length >> 1)), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(last - 1), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(last), 0x01000193);
  return hash ^ (hash >>> 15);
}

function varintLength(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v >>>= 7) n++;
  return n;
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let p = at;
  let v = value;
  while (v >= 0x80) {
    bytes[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[p++] = v;
  return p - at;
}

/** A reused byte buffer (one text at a time). */
class Scratch {
  bytes: Uint8Array = new Uint8Array(1024);
  length = 0;

  reset(capacity: number): this {
    if (this.bytes.length < capacity) this.bytes = new Uint8Array(capacity);
    this.length = 0;
    return this;
  }

  grow(capacity: number): Uint8Array {
    const bigger = new Uint8Array(Math.max(capacity, this.bytes.length * 2));
    bigger.set(this.bytes);
    this.bytes = bigger;
    return bigger;
  }

  varint(value: number): void {
    this.length += writeVarint(this.bytes, this.length, value);
  }

  /** A token written out: its UTF-8 byte length, then the bytes. */
  text(token: string): void {
    const bytes = UTF8_OUT.encode(token);
    this.varint(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
}

/** The codes of the text being kept, and the bytes of the text being read. */
const codes = new Scratch();
const chars = new Scratch();
