/**
 * An object's own keys in `Array.prototype.sort()`'s order (UTF-16 code units, which is what `<`
 * compares for strings). Small key sets (every event's) are sorted in place by insertion:
 * the same order without the work arrays the built-in sort allocates per call, which were
 * ~340 MB of a 10,000-row import's garbage (sampling heap profile of that import, 2 Dec 2026:
 * the sort's allocations 342 → 61 MB; recorded in docs/architecture.md, "Integrity").
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * `"key":` and `,"key":` for each key met so far, quoted once: field names repeat in every event
 * hashed (and every item of an import's source id), and quoting them per use was about a
 * quarter of writing an import's event data, actors and provenance (70,000 events: 241-291 ms
 * of CPU against 174-199 ms with this). Bounded: keys past the bound are quoted per use.
 */
const QUOTED = new Map<string, readonly [string, string]>();
const QUOTED_BOUND = 4096;

function quotedKey(key: string, first: boolean): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    const text = `${JSON.stringify(key)}:`;
    quoted = [text, `,${text}`];
    if (QUOTED.size < QUOTED_BOUND) QUOTED.set(key, quoted);
  }
  return first ? quoted[0] : quoted[1];
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does), no
 * whitespace, so the same value always hashes the same whichever store or process wrote it.
 * `undefined` members are dropped, like JSON. The text `writeCanonicalJson` writes, as one
 * string (it runs for every event appended and verified: plain loops, no callback).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Built by returning strings, not through `writeCanonicalJson`'s emit: a closure call per
  // token was most of hashing an event's data, actor and provenance (measured 2 Dec 2026, the
  // 69,928 events of the generated 10k import, docs/architecture.md "Integrity").
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const keys = sortedKeys(value);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item: unknown = Reflect.get(value, key);
    if (item === undefined) continue;
    out += quotedKey(key, first) + canonicalJson(item);
    first = false;
  }
  return `${out}}`;
}

/**
 * Canonical JSON (see `canonicalJson`) handed to `emit` piece by piece, in order: a large value
 * (a whole document, for an import's source id) is hashed as it is written, never held whole.
 * Pieces are whole tokens, so no character is ever split.
 */
export function writeCanonicalJson(value: unknown, emit: (text: string) => void): void {
  if (value === null || typeof value !== 'object') {
    emit(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    emit('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(',');
      const item: unknown = value[i];
      if (item === undefined) emit('null');
      else writeCanonicalJson(item, emit);
    }
    emit(']');
    return;
  }
  const keys = sortedKeys(value);
  emit('{');
  let first = true;
  for (const key of keys) {
    const item: unknown = Reflect.get(value, key);
    if (item === undefined) continue;
    emit(quotedKey(key, first));
    first = false;
    writeCanonicalJson(item, emit);
  }
  emit('}');
}
