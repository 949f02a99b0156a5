import { ByteScratch, varintLength, writeVarint } from './byte-scratch.js';

// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_OUT = new TextEncoder();
const UTF8_IN = new TextDecoder();

/** Longer tokens are written out (an id, a URL: rarely seen twice). */
const MAX_TOKEN = 40;
/** The table stops growing here; later new tokens are written out. */
const MAX_TOKENS = 1 << 18;

/**
 * The tokens of a text arena (text-arena.ts), each with a code: a token is a run of non-space
 * characters and the spaces after it, kept once as its UTF-8 bytes (to find it and to read
 * texts back) and as a string (what a snapshot saves). Code 0 is "bytes follow" (a token
 * written out). Codes are given in the order tokens are first met, so two tables fed the same
 * texts, or one fed another's tokens in order (`append`: a snapshot's), give every token the
 * same code.
 */
export class TokenTable {
  /** Token by code; code 0 is "bytes follow". */
  readonly tokens: string[] = [''];
  /** Each token's UTF-8 bytes: `pool[tokenAt[code] .. tokenAt[code + 1])`. */
  pool = new Uint8Array(4096);
  tokenAt = new Int32Array(256);
  /**
   * Per code, the code of the token that followed it when last met (0: none yet; at [0], the
   * one a text started with, or that followed a token written out): `codeBytes` tries it first.
   */
  next = new Int32Array(256);
  /** Open-addressed hash table of token codes (0: empty), a power of two long, hashed by bytes. */
  private slots = new Int32Array(256);

  /** How many distinct tokens are kept. */
  get count(): number {
    return this.tokens.length - 1;
  }

  /**
   * Appends the codes of `text` to `out` as an arena keeps a text: the number of its tokens,
   * then each token's code (a varint each; a code 0 followed by the token's bytes). New tokens
   * are added to the table. `from` and `to` code a part of `text`.
   */
  code(text: string, out: ByteScratch, from = 0, to = text.length): void {
    const part = from === 0 && to === text.length ? text : text.slice(from, to);
    const bytes = utf8.reset(part.length * 3).bytes;
    const { written } = UTF8_OUT.encodeInto(part, bytes);
    this.codeBytes(bytes, 0, written, out);
  }

  /**
   * `code` of a text given as its UTF-8 bytes, `src[from, to)` (one without surrogates, as an
   * arena keeps: see `TextArena.fits`), coded exactly as `code` codes the text. Why bytes
   * (docs/architecture.md, "Rebuild off the event loop"): a replay page's texts are encoded
   * at once, and a token is then found and compared in bytes, against the bytes the table
   * keeps anyway: no `indexOf` or `startsWith` call per token, no string cut out. Coding was
   * the main thread's largest single cost in a 1M rebuild.
   */
  codeBytes(src: Uint8Array, from: number, to: number, out: ByteScratch): void {
    // Written straight into `out`, one byte kept for the count (fewer than 128 tokens: most
    // texts), moved up when it needs more. Room: a code takes ≤ 3 bytes and a token ≥ 1 byte;
    // a token written out takes 1 + ≤ 3 + its own bytes; the count ≤ 4 more.
    const head = out.length;
    const bytes = out.grow(head + (to - from) * 5 + 16);
    let p = head + 1;
    let count = 0;
    let i = from;
    // The table's arrays, read again only after a token is added (which may grow them).
    let { slots, pool, tokenAt, next } = this;
    let mask = slots.length - 1;
    let previous = 0;
    while (i < to) {
      const start = i;
      // First the token that followed the previous one last time (prose repeats its phrases):
      // it is this one when its bytes are here and the token ends where they do (a token
      // that ends in spaces, at the end of the text or before a non-space; one that does not,
      // at the end of the text only).
      const guess = next[previous] as number;
      if (guess !== 0) {
        const at = tokenAt[guess] as number;
        const end = start + (tokenAt[guess + 1] as number) - at;
        if (end <= to) {
          let j = start;
          while (j < end && pool[at + j - start] === src[j]) j++;
          if (j === end && (end === to || (src[end - 1] === 32 && src[end] !== 32))) {
            if (guess < 0x80) bytes[p++] = guess;
            else p += writeVarint(bytes, p, guess);
            count++;
            previous = guess;
            i = end;
            continue;
          }
        }
      }
      // A token: non-space bytes, then the spaces after them (a space is byte 32 in UTF-8
      // and in no other character's bytes, so bytes cut where characters do).
      while (i < to && src[i] !== 32) i++;
      while (i < to && src[i] === 32) i++;
      const length = i - start;
      let slot = hashOf(src, start, length) & mask;
      let code = 0;
      for (;;) {
        const found = slots[slot] as number;
        if (found === 0) break;
        const at = tokenAt[found] as number;
        if ((tokenAt[found + 1] as number) - at === length) {
          let j = 0;
          while (j < length && pool[at + j] === src[start + j]) j++;
          if (j === length) {
            code = found;
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
      if (code === 0) {
        code = this.add(src, start, i, slot);
        ({ slots, pool, tokenAt, next } = this);
        mask = slots.length - 1;
      }
      next[previous] = code;
      previous = code;
      if (code < 0x80) bytes[p++] = code;
      else p += writeVarint(bytes, p, code);
      if (code === 0) {
        // Written out: its byte length, then its bytes (as ByteScratch.text writes a token).
        p += writeVarint(bytes, p, length);
        for (let j = start; j < i; j++) bytes[p++] = src[j] as number;
      }
      count++;
    }
    if (count >= 0x80) {
      const extra = varintLength(count) - 1;
      bytes.copyWithin(head + 1 + extra, head + 1, p);
      p += extra;
    }
    writeVarint(bytes, head, count);
    out.length = p;
  }

  /** Adds a token another table numbered (known not to be here); returns its code. */
  append(token: string): number {
    const code = this.tokens.length;
    this.tokens.push(token);
    this.keepBytes(code, token);
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    else this.slots[this.freeSlot(code)] = code;
    return code;
  }

  /**
   * Adds the token src[start, end), not in the table, at `slot` (the free slot its probe
   * ended on); returns its code, or 0 when it is written out instead.
   */
  private add(src: Uint8Array, start: number, end: number, slot: number): number {
    if (this.tokens.length >= MAX_TOKENS || charLength(src, start, end) > MAX_TOKEN) return 0;
    const code = this.tokens.length;
    this.tokens.push(UTF8_IN.decode(src.subarray(start, end)));
    this.slots[slot] = code;
    this.copyBytes(code, src, start, end);
    // Kept at most half full: grown (rehashed) past that.
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** A free slot for token `code` (its bytes kept already). */
  private freeSlot(code: number): number {
    const mask = this.slots.length - 1;
    const at = this.tokenAt[code] as number;
    let slot = hashOf(this.pool, at, (this.tokenAt[code + 1] as number) - at) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  /** Room for token `code`'s `length` bytes at `tokenAt[code]`; returns where they go. */
  private room(code: number, length: number): number {
    if (code + 2 > this.tokenAt.length) {
      const bigger = new Int32Array(this.tokenAt.length * 2);
      bigger.set(this.tokenAt);
      this.tokenAt = bigger;
      const next = new Int32Array(bigger.length);
      next.set(this.next);
      this.next = next;
    }
    const at = this.tokenAt[code] as number;
    if (at + length > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, at + length));
      bigger.set(this.pool.subarray(0, at));
      this.pool = bigger;
    }
    return at;
  }

  private keepBytes(code: number, token: string): void {
    const at = this.room(code, token.length * 3);
    const { written } = UTF8_OUT.encodeInto(token, this.pool.subarray(at));
    this.tokenAt[code + 1] = at + written;
  }

  private copyBytes(code: number, src: Uint8Array, start: number, end: number): void {
    const at = this.room(code, end - start);
    const { pool } = this;
    for (let j = start; j < end; j++) pool[at + j - start] = src[j] as number;
    this.tokenAt[code + 1] = at + end - start;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let code = 1; code < this.tokens.length; code++) this.slots[this.freeSlot(code)] = code;
  }
}

/**
 * A hash of bytes[start, start + length): its length and four of its bytes (`codeBytes`
 * compares the whole token; sampling keeps the cut cheap). One multiplication: a chain of one
 * per byte sampled was most of a short token's look-up (each waits for the one before).
 */
function hashOf(bytes: Uint8Array, start: number, length: number): number {
  const last = start + length - 1;
  const key =
    ((bytes[start] as number) |
      ((bytes[start + (length >> 1)] as number) << 8) |
      ((bytes[last] as number) << 16) |
      // Not last - 1 for a one-byte token: that is the byte before it, which a rehash (of the
      // token's bytes alone) does not see.
      ((bytes[length > 1 ? last - 1 : last] as number) << 24)) ^
    Math.imul(length, 0x27d4eb2f);
  const hash = Math.imul(key, 0x9e3779b1);
  return hash ^ (hash >>> 15);
}

/**
 * How many UTF-16 units the UTF-8 bytes[start, end) hold, for a text without surrogates (one
 * a byte that does not continue a character), counted only past MAX_TOKEN bytes: a token
 * written out is one over MAX_TOKEN characters, as a string's length counts them.
 */
function charLength(bytes: Uint8Array, start: number, end: number): number {
  if (end - start <= MAX_TOKEN) return end - start;
  let n = 0;
  for (let j = start; j < end; j++) if (((bytes[j] as number) & 0xc0) !== 0x80) n++;
  return n;
}

/** The bytes of the text `code` codes (one text at a time). */
const utf8 = new ByteScratch();
