/**
 * A JSON array written with where each element starts in its UTF-8 bytes, so that one element
 * can be read and parsed alone (a snapshot's body chunks and "now" folds: a first read after a
 * start parses the rows it folds, not the ≈ 0.5–3 MB list each sits in).
 *
 * `starts[i]` is the byte where element i begins; element i ends one byte before `starts[i + 1]`
 * (at the comma, or at the closing bracket for the last), so `starts` has one entry more than
 * the list and its last is the length of the bytes.
 */

// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_IN = new TextDecoder();
const UTF8_OUT = new TextEncoder();

export interface JsonList {
  bytes: Uint8Array;
  starts: Int32Array;
}

/** UTF-8 bytes of a string (a lone surrogate is written as the 3 bytes of U+FFFD, as TextEncoder does). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** `JSON.stringify(values)`'s bytes, and where each element starts in them. */
export function jsonList(values: readonly unknown[]): JsonList {
  const parts = values.map((value) => JSON.stringify(value) ?? 'null');
  const text = `[${parts.join(',')}]`;
  const bytes = UTF8_OUT.encode(text);
  const starts = new Int32Array(parts.length + 1);
  // ASCII throughout (the usual case): characters are bytes.
  const ascii = bytes.length === text.length;
  let at = 1;
  for (let i = 0; i < parts.length; i++) {
    starts[i] = at;
    const part = parts[i] as string;
    at += (ascii ? part.length : utf8Length(part)) + 1;
  }
  starts[parts.length] = bytes.length;
  return { bytes, starts };
}

/**
 * Where the elements of a JSON array's bytes start (for bytes saved without their `starts`):
 * a scan for the commas between its top-level elements, strings and nesting skipped.
 */
export function listStarts(bytes: Uint8Array): Int32Array {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: the next byte is escaped
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      depth++;
      if (depth === 1 && b === 0x5b) out.push(i + 1);
    } else if (b === 0x5d || b === 0x7d) {
      depth--;
      if (depth === 0) {
        // `[]`: no element, only the end.
        if (out.length === 1 && isBlank(bytes, out[0] as number, i)) return Int32Array.of(i + 1);
        out.push(i + 1);
        return Int32Array.from(out);
      }
    } else if (b === 0x2c && depth === 1) out.push(i + 1);
  }
  throw new Error('the bytes are not a whole JSON array');
}

const isBlank = (bytes: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i < to; i++)
    if (bytes[i] !== 0x20 && bytes[i] !== 0x0a && bytes[i] !== 0x0d) return false;
  return true;
};

/** Element `i` of a list, parsed from its own bytes (`read(from, to)` gives bytes [from, to)). */
export function listEntry(
  starts: Int32Array,
  i: number,
  read: (from: number, to: number) => Uint8Array,
): unknown {
  if (i < 0 || i + 1 >= starts.length)
    throw new Error(`the list holds ${starts.length - 1} entries, not ${i + 1}`);
  return JSON.parse(UTF8_IN.decode(read(starts[i] as number, (starts[i + 1] as number) - 1)));
}
