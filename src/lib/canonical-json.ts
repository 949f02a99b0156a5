/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does), no
 * whitespace, so the same value always hashes the same whichever store or process wrote it.
 * `undefined` members are dropped, like JSON. Written as plain loops because it runs for every
 * event appended and verified (it was the largest cost of a bulk append after the commit).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item: unknown = Reflect.get(value, key);
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/**
 * The same text as `canonicalJson`, handed to `emit` piece by piece in order instead of built as
 * one string: a large value (a whole document, for an import's source id) is hashed as it is
 * written, never held whole. Pieces are whole tokens, so no character is ever split.
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
  const keys = Object.keys(value).sort();
  emit('{');
  let first = true;
  for (const key of keys) {
    const item: unknown = Reflect.get(value, key);
    if (item === undefined) continue;
    emit(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    writeCanonicalJson(item, emit);
  }
  emit('}');
}
