import { describe, expect, it } from 'vitest';
import { MAX_ARENA_TEXT, TextArena } from '../../projections/text-arena.js';

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

  it('given texts joined in one string (as a replay page brings them), when kept, then the arena holds what adding each alone gives, across pages', () => {
    // Given: two arenas fed the same first texts; the rest come joined in batches (one
    // running over a page), with texts whose neighbours would run a token on across the join.
    const texts = [
      ...TEXTS,
      ...Array.from({ length: 12_000 }, (_, i) =>
        i % 7 === 0 ? `tail${i % 5}` : `update ${i} for plan ${i * 7} with words ${i % 13} `,
      ),
    ];
    const here = new TextArena();
    const there = new TextArena();
    for (const text of texts.slice(0, 100)) {
      here.add(text);
      there.add(text);
    }
    const batch = (from: number, to: number) => {
      const part = texts.slice(from, to);
      let end = 0;
      return { joined: part.join(''), ends: Int32Array.from(part, (text) => (end += text.length)) };
    };
    // When: the rest added here one by one, and there as joined batches.
    const atHere = texts.slice(100).map((text) => here.add(text));
    const atThere = [batch(100, 2_000), batch(2_000, 2_001), batch(2_001, texts.length)].flatMap((joined) =>
      there.addJoined(joined),
    );
    // Then: the same offsets, texts, counts and image (what a snapshot saves).
    expect(here.bytes).toBeGreaterThan(1 << 16);
    expect(atThere).toEqual(atHere);
    expect(atThere.map((offset) => there.get(offset))).toEqual(texts.slice(100));
    expect(there.image()).toEqual(here.image());
    expect([there.count, there.chars, there.bytes]).toEqual([here.count, here.chars, here.bytes]);
  });

  it('given joined texts whose ends do not reach the end of the string, then they are refused', () => {
    const arena = new TextArena();
    expect(() => arena.addJoined({ joined: 'one two', ends: Int32Array.of(3) })).toThrow(
      /joined texts of 7 characters end at 3/,
    );
  });
});
