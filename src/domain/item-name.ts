/**
 * An item as a person names it in a sentence: by the ref the paper prints ("item AFI.3"), or,
 * for a row the paper gave no ref (the importer keys it `line-32`), by where it was printed
 * ("the item without a ref at line 32"). Never by its id.
 */
export function itemName(ref: string): string {
  const line = /^line-(\d+)$/.exec(ref);
  if (line) return `the item without a ref at line ${line[1]}`;
  // Known by its wording (src/import/read/content-refs.ts): the hash means nothing to a reader.
  return /^no-ref-[0-9a-f]{8}(-\d+)?$/.test(ref) ? 'the item without a ref' : `item ${ref}`;
}
