/**
 * The text of a CSV, TSV or text export, whatever encoding the program that saved it chose.
 * Excel's "CSV UTF-8" starts with a byte-order mark, its "Unicode Text" is UTF-16 with one, and
 * its plain "CSV (Comma delimited)" is the Windows code page, where "£" and "’" are single bytes
 * that are not UTF-8: read as UTF-8 they would silently become "�" in the ledger.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    // The default decoder drops a UTF-8 byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
