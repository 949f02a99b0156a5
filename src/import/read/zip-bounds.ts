import { inflateRawSync } from 'node:zlib';
import { ValidationError } from '../../errors.js';

/** Bounds of a plan workbook's zip: far beyond any real plan, far below what would exhaust memory. */
export const ZIP_LIMITS = {
  /** Sum of the entries' uncompressed sizes. A 50,000-row plan is about 30 MB of XML. */
  totalBytes: 64 * 1024 * 1024,
  /** Parts of the package (sheets, styles, strings, relationships, media). */
  entries: 2_000,
} as const;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function refuse(why: string): never {
  throw new ValidationError(
    `the file is not a readable XLSX workbook: ${why}. Save it again from Excel, or export it as CSV`,
    [{ path: 'file', message: why }],
  );
}

/** One entry of the central directory. */
interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

function centralDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) refuse('no zip directory at its end (truncated or not an XLSX file)');
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) refuse('a ZIP64 archive, larger than any plan');
  if (count > ZIP_LIMITS.entries)
    refuse(`${count} parts, more than the ${ZIP_LIMITS.entries} a workbook has`);
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) refuse('a damaged zip directory');
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      uncompressed: view.getUint32(at + 24, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * Checks an XLSX (a zip) before exceljs opens it, without trusting it: the sizes its directory
 * declares must stay within `ZIP_LIMITS`, and each part is inflated here with its output capped
 * at its declared size, so a part that would inflate to more than it declares (a zip bomb that
 * lies in its directory) is refused after at most that many bytes, never inflated in full.
 * exceljs (JSZip) then reads the same parts at the same offsets, so what it inflates is bounded.
 */
export function checkZipBounds(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(bytes);
  const declared = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  if (declared > ZIP_LIMITS.totalBytes)
    refuse(
      `it would unpack to ${Math.round(declared / 1024 / 1024)} MB, more than the ${ZIP_LIMITS.totalBytes / 1024 / 1024} MB a plan can be`,
    );
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
      refuse(`a damaged part "${entry.name}"`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressed);
    if (data.length < entry.compressed) refuse(`the part "${entry.name}" is cut short (truncated file)`);
    if (entry.method === 0) {
      if (entry.compressed !== entry.uncompressed) refuse(`the part "${entry.name}" has inconsistent sizes`);
      continue;
    }
    if (entry.method !== 8) refuse(`the part "${entry.name}" uses a compression Excel does not write`);
    let size: number;
    try {
      // One byte more than declared: reaching it means the part lies about its size.
      size = inflateRawSync(data, { maxOutputLength: entry.uncompressed + 1 }).length;
    } catch (error) {
      const tooBig = error instanceof RangeError;
      refuse(
        tooBig
          ? `the part "${entry.name}" unpacks to more than it declares (${entry.uncompressed} bytes)`
          : `the part "${entry.name}" is damaged`,
      );
    }
    if (size !== entry.uncompressed)
      refuse(`the part "${entry.name}" unpacks to ${size} bytes, not the ${entry.uncompressed} it declares`);
  }
}
