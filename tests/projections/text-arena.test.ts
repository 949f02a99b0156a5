import { describe, expect, it } from 'vitest';
import { ByteScratch } from '../../projections/byte-scratch.js';
import { type CodedTexts, MAX_ARENA_TEXT, TextArena } from '../../projections/text-arena.js';
import { TokenTable } from '../../projections/token-table.js';

/** Texts with what prose holds: repeated words, punctuation, runs of spaces, accents, tabs. */
const TEXTS = [
  'Training has been provided for staff within the First Contact Centre.',
  'Training has been provided.  Progress is monitored monthly by the Performance Review Group.',
  '',
  ' ',
  '   leading and trailing spaces   ',
  'Café réunion — 12/03/2011: “quoted” £40k\tand a tab\nand a line',
  'https://example.org/a/very/long/address/that/is/more/than/forty/characters/long and after',
  'single',
];

describe('TextArena: texts kept as token codes', () => {
  it('given texts of every shape, when kept, then each reads back exactly, as a flat string, however often', () => {
    const arena = new TextArena();
    const at = TEXTS.map((text) => arena.add(text));
    for (let round = 0; round < 2; round++) expect(at.map((offset) => arena.get(offset))).toEqual(TEXTS);
    expect(arena.count).toBe(TEXTS.length);
  });

  it('given prose that repeats its words, when kept, then its codes take a fraction of its characters', () => {
    const arena = new TextArena();
    const sentence = 'The workstream reports quarterly to the Integrity and Compliance Board. ';
    for (let i = 0; i < 1_000; i++) arena.add(`${sentence}Item ${i % 50} reviewed. ${sentence}`);
    expect(arena.bytes).toBeLessThan(arena.chars / 5);
    expect(arena.tokenCount).toBeLessThan(80);
  });

  it('given more distinct texts than fit one page, when kept, then every one still reads back', () => {
    const arena = new TextArena();
    const texts = Array.from(
      { length: 20_000 },
      (_, i) => `update ${i} for plan ${i * 7} with words ${i % 13}`,
    );
    const at = texts.map((text) => arena.add(text));
    expect(arena.bytes).toBeGreaterThan(1 << 16);
    expect(at.map((offset) => arena.get(offset))).toEqual(texts);
  });

  it('given a text with a lone surrogate or longer than the arena keeps, then it does not fit (the caller keeps the string)', () => {
    expect(TextArena.fits('a \uD800 b')).toBe(false);
    expect(TextArena.fits('x'.repeat(MAX_ARENA_TEXT + 1))).toBe(false);
    expect(TextArena.fits('x'.repeat(MAX_ARENA_TEXT))).toBe(true);
    const arena = new TextArena();
    const long = 'word '.repeat(MAX_ARENA_TEXT / 5);
    expect(arena.get(arena.add(long))).toBe(long);
  });

  it("given texts coded elsewhere by a table seeded with the arena's tokens, when kept, then the arena holds what adding each here gives, across pages", () => {
    // Given: two arenas fed the same first texts; a table seeded with one's tokens (as a
    // replay thread's is) codes the rest, in batches, one batch running over a page.
    const texts = Array.from(
      { length: 6_000 },
      (_, i) => `${TEXTS[i % TEXTS.length]} note ${i} of ${i % 97} x ${String.fromCharCode(97 + (i % 26))}`,
    );
    const here = new TextArena();
    const there = new TextArena();
    for (const text of texts.slice(0, 100)) {
      here.add(text);
      there.add(text);
    }
    const table = new TokenTable();
    for (const token of there.tokens) table.append(token);
    let sent = table.tokens.length;
    const batch = (from: number, to: number): CodedTexts => {
      const out = new ByteScratch();
      const ends: number[] = [];
      let chars = 0;
      for (const text of texts.slice(from, to)) {
        table.code(text, out);
        ends.push(out.length);
        chars += text.length;
      }
      const coded = {
        bytes: out.bytes.slice(0, out.length),
        ends: Int32Array.from(ends),
        chars,
        newTokens: table.tokens.slice(sent),
        firstToken: sent,
      };
      sent = table.tokens.length;
      return coded;
    };
    // When: the rest added here one by one, and there as coded batches.
    const atHere = texts.slice(100).map((text) => here.add(text));
    const atThere = [batch(100, 2_000), batch(2_000, 2_001), batch(2_001, 6_000)].flatMap((coded) =>
      there.addCoded(coded),
    );
    // Then: the same offsets, texts, counts and image (what a snapshot saves).
    expect(here.bytes).toBeGreaterThan(1 << 16);
    expect(atThere).toEqual(atHere);
    expect(atThere.map((offset) => there.get(offset))).toEqual(texts.slice(100));
    expect(there.image()).toEqual(here.image());
    expect([there.count, there.chars, there.bytes]).toEqual([here.count, here.chars, here.bytes]);
  });

  it("given coded texts whose tokens do not follow the arena's, then they are refused", () => {
    const arena = new TextArena();
    arena.add('one two');
    const coded = {
      bytes: new Uint8Array(0),
      ends: new Int32Array(0),
      chars: 0,
      newTokens: ['x '],
      firstToken: 1,
    };
    expect(() => arena.addCoded(coded)).toThrow(/start at token 1, the arena holds 2/);
  });
});
