import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextArena } from '../../projections/text-arena.js';

/**
 * The arena's codes as its format defines them, written independently of token-table.ts: a
 * token is a run of non-space characters and the spaces after it; codes are given in the order
 * tokens are first met; a token over 40 characters is written out (code 0, its UTF-8 byte
 * length, its bytes). A text is its token count, then its codes, varints each.
 */
function referenceCodes(texts: readonly string[]): { tokens: string[]; bytes: number[][] } {
  const codes = new Map<string, number>();
  const tokens: string[] = [];
  const varint = (out: number[], value: number) => {
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  };
  const bytes = texts.map((text) => {
    const parts = text.match(/[^ ]+ *| +/g) ?? [];
    const out: number[] = [];
    varint(out, parts.length);
    for (const token of parts) {
      let code = codes.get(token);
      if (code === undefined && token.length <= 40) {
        tokens.push(token);
        code = tokens.length;
        codes.set(token, code);
      }
      if (code === undefined) {
        const utf8 = new TextEncoder().encode(token);
        varint(out, 0);
        varint(out, utf8.length);
        out.push(...utf8);
      } else varint(out, code);
    }
    return out;
  });
  return { tokens, bytes };
}

/** Words of every shape the coder meets: ASCII, accents, symbols, CJK, runs of spaces, long ones. */
const word = fc.oneof(
  fc.constantFrom(
    'the',
    'plan',
    'Board',
    'agreed.',
    'café',
    '£40k',
    '“quoted”',
    '—',
    '日本語',
    'x',
    'é'.repeat(30),
  ),
  fc.string({ minLength: 1, maxLength: 50 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, 'u')),
  fc.constantFrom(
    'a'.repeat(41),
    'b'.repeat(40),
    'é'.repeat(41),
    'https://example.org/a/long/address/over/forty/characters',
  ),
);
const text = fc
  .array(fc.tuple(word, fc.constantFrom('', ' ', '  ', '   ')), { maxLength: 30 })
  .chain((parts) =>
    fc.constantFrom('', ' ', '  ').map((lead) => lead + parts.map(([w, gap]) => w + gap).join('')),
  );

/**
 * Texts of a few words that are prefixes of one another ("a", "ab", "abc."), with runs of
 * spaces or none, repeated as phrases: the token `codeBytes` tries first (the one that followed
 * the previous token last time) is often there, and often there only in part (a longer word, a
 * word joined to the next, another run of spaces, the end of the text).
 */
const phrase = fc.array(
  fc.tuple(fc.constantFrom('a', 'ab', 'abc.', 'b', 'é', 'aé'), fc.constantFrom('', ' ', '  ')),
  {
    minLength: 1,
    maxLength: 6,
  },
);
const repetitive = fc
  .tuple(
    fc.array(phrase, { minLength: 1, maxLength: 4 }),
    fc.array(fc.array(fc.nat(), { maxLength: 5 }), { maxLength: 40 }),
  )
  .map(([phrases, picks]) =>
    picks.map((pick) =>
      pick.map((k) => (phrases[k % phrases.length] ?? []).map(([w, gap]) => w + gap).join('')).join(''),
    ),
  );

/** Adds `texts` one by one and joined in batches cut at `cuts`; both arenas must hold the reference's codes. */
function expectReferenceCodes(texts: string[], cuts: number[]): void {
  const reference = referenceCodes(texts);
  // One arena fed text by text, one fed joined batches cut at random places.
  const alone = new TextArena();
  const atAlone = texts.map((t) => alone.add(t));
  const joined = new TextArena();
  const bounds = [...new Set([0, ...cuts.map((c) => c % (texts.length + 1)), texts.length])].sort(
    (a, b) => a - b,
  );
  const atJoined: number[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const part = texts.slice(bounds[b], bounds[b + 1]);
    let end = 0;
    atJoined.push(
      ...joined.addJoined({
        joined: part.join(''),
        ends: Int32Array.from(part, (t) => (end += t.length)),
      }),
    );
  }
  for (const [arena, offsets] of [
    [alone, atAlone],
    [joined, atJoined],
  ] as const) {
    expect(arena.tokens).toEqual(reference.tokens);
    expect(offsets.map((offset) => arena.get(offset))).toEqual(texts);
    const used = arena.image().pages.reduce((n, page) => n + page.length, 0);
    expect(arena.bytes).toBe(used);
    // Each text's codes, read back from the pages, are the reference's bytes.
    const { pages } = arena.image();
    const kept = offsets.map((offset, i) => {
      const page = pages[Math.floor(offset / 65_536)] as Uint8Array;
      const from = offset % 65_536;
      return [...page.subarray(from, from + (reference.bytes[i] as number[]).length)];
    });
    expect(kept).toEqual(reference.bytes);
  }
}

describe('TextArena codes (token-table.ts), against the format written out independently', () => {
  it('given random texts added one by one or joined (ASCII or not), then every code, token and text equals the reference', () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        expectReferenceCodes,
      ),
      {
        numRuns: 400,
      },
    );
  });

  it('given texts repeating phrases of words that are prefixes of one another, then every code, token and text equals the reference', () => {
    fc.assert(fc.property(repetitive, fc.array(fc.nat(), { maxLength: 6 }), expectReferenceCodes), {
      numRuns: 400,
    });
  });
});
