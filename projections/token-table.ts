import { ByteScratch } from './byte-scratch.js';

// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_OUT = new TextEncoder();

/** Longer tokens are written out (an id, a URL: rarely seen twice). */
const MAX_TOKEN = 40;
/** The table stops growing here; later new tokens are written out. */
const MAX_TOKENS = 1 << 18;

/**
 * The tokens of a text arena (text-arena.ts), each with a code: a token is a run of non-space
 * characters and the spaces after it, kept once as a string (to find it) and as its UTF-8
 * bytes (to read texts back). Code 0 is "bytes follow" (a token written out). Codes are given
 * in the order tokens are first met, so two tables fed the same texts, or one fed another's
 * new tokens in order (`append`), give every token the same code: a replay thread codes the
 * texts, the main thread's arena keeps the codes (docs/architecture.md, "Rebuild off the
 * event loop").
 */
export class TokenTable {
  /** Token by code; code 0 is "bytes follow". */
  readonly tokens: string[] = [''];
  /** Each token's UTF-8 bytes: `pool[tokenAt[code] .. tokenAt[code + 1])`. */
  pool = new Uint8Array(4096);
  tokenAt = new Int32Array(256);
  /** Open-addressed hash table of token codes (0: empty), a power of two long. */
  private slots = new Int32Array(256);

  /** How many distinct tokens are kept. */
  get count(): number {
    return this.tokens.length - 1;
  }

  /**
   * Appends the codes of `text` to `out` as an arena keeps a text: the number of its tokens,
   * then each token's code (a varint each; a code 0 followed by the token's bytes). New tokens
   * are added to the table. `from` and `to` code a part of `text` (the texts of a replay
   * page arrive joined in one string: each is coded where it lies, not cut out first).
   */
  code(text: string, out: ByteScratch, from = 0, to = text.length): void {
    const codes = scratch.reset((to - from) * 5 + 16);
    let count = 0;
    const n = to;
    let i = from;
    while (i < n) {
      // A token: non-space characters, then the spaces after them; found in the table by a
      // hash of a few of its characters, without cutting a string out of the text.
      const start = i;
      const space = text.indexOf(' ', i);
      i = space < 0 || space > n ? n : space;
      while (i < n && text.charCodeAt(i) === 32) i++;
      const code = this.find(text, start, i - start);
      codes.varint(code);
      if (code === 0) codes.text(text.slice(start, i));
      count++;
    }
    out.varint(count);
    out.append(codes.bytes, 0, codes.length);
  }

  /** Adds a token another table numbered (known not to be here); returns its code. */
  append(token: string): number {
    const code = this.tokens.length;
    this.tokens.push(token);
    this.keepBytes(code, token);
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    else this.slots[this.freeSlot(token)] = code;
    return code;
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

  private freeSlot(token: string): number {
    const mask = this.slots.length - 1;
    let slot = hashOf(token, 0, token.length) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
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
    this.slots = new Int32Array(this.slots.length * 2);
    for (let code = 1; code < this.tokens.length; code++)
      this.slots[this.freeSlot(this.tokens[code] as string)] = code;
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
  // Not last - 1 for a one-character token: that is the character before it in the text, which
  // a rehash (of the token alone) does not see.
  hash = Math.imul(hash ^ text.charCodeAt(length > 1 ? last - 1 : last), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(last), 0x01000193);
  return hash ^ (hash >>> 15);
}

/** The codes of the text being coded (one text at a time). */
const scratch = new ByteScratch();
