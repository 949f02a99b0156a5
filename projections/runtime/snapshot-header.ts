/** The snapshot file's frame, read before its body: the format number, the header and the trailer that ends it. */
import { z } from 'zod';
import { LogAnchor } from '../../src/store/log-anchor.js';
import { BytesInMemory, type SnapshotBytes, SnapshotFile } from './snapshot-bytes.js';

/**
 * The snapshot file's layout version. Bump it whenever what is written changes: a file of
 * another format is refused (and the index rebuilt) rather than misread.
 */
export const SNAPSHOT_FORMAT = 8;

/** Last 8 bytes of every snapshot file: a truncated or foreign file does not end with them. */
export const TRAILER = Buffer.from('PLSNAP\r\n', 'latin1');

/** What a snapshot says about itself; written after its body, read before it. */
export const SnapshotHeader = z.strictObject({
  format: z.number().int(),
  name: z.string(),
  /** Which log it is a prefix of, and how far (checked against the store before any use). */
  anchor: LogAnchor,
  position: z.number().int().min(-1),
  eventCount: z.number().int().nonnegative(),
  lastRecordedAt: z.string(),
  savedAt: z.string(),
  /** The body's sections in order, its length and its CRC-32 (a torn or edited file fails it). */
  sections: z.array(z.strictObject({ name: z.string(), bytes: z.number().int().nonnegative() })),
  bodyBytes: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

export type HeaderRead =
  | { ok: true; header: SnapshotHeader; file: SnapshotBytes }
  | { ok: false; why: string };

/**
 * Opens a snapshot file and reads its header (not its body: the sections are read one by one
 * as they are decoded, see snapshot-bytes.ts); null when there is no file. The file stays open
 * for the decode, the checksum worker and the bodies a restored index reads later.
 */
export async function readSnapshotHeader(path: string): Promise<HeaderRead | null> {
  const file = SnapshotFile.open(path);
  if (file === null) return null;
  const read = parseSnapshotHeader(file, path);
  if (!read.ok) file.close();
  return read;
}

/** A snapshot's header, from its last bytes: refuses what is not whole. */
export function parseSnapshotHeader(source: SnapshotBytes | Buffer, path: string): HeaderRead {
  const file = Buffer.isBuffer(source) ? new BytesInMemory(source) : source;
  const end = file.size - TRAILER.length;
  const tail = Buffer.alloc(end >= 4 ? TRAILER.length + 4 : 0);
  if (tail.length > 0) file.read(tail, end - 4);
  if (end < 4 || !tail.subarray(4).equals(TRAILER))
    return { ok: false, why: `${path} is truncated or not a snapshot (it does not end with its trailer)` };
  const headLength = tail.readUInt32LE(0);
  const headStart = end - 4 - headLength;
  let parsed: z.ZodSafeParseResult<SnapshotHeader> | null = null;
  if (headStart >= 0) {
    try {
      const head = Buffer.alloc(headLength);
      file.read(head, headStart);
      parsed = SnapshotHeader.safeParse(JSON.parse(head.toString('utf8')));
    } catch {
      parsed = null;
    }
  }
  if (!parsed?.success) return { ok: false, why: `${path} has no readable header (truncated or edited)` };
  if (parsed.data.bodyBytes !== headStart)
    return {
      ok: false,
      why: `${path} is ${headStart} bytes of body where its header says ${parsed.data.bodyBytes}`,
    };
  return { ok: true, header: parsed.data, file };
}
