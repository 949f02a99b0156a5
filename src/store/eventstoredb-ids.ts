import { Ulid } from '../domain/fields.js';

/**
 * ULID ↔ UUID, losslessly. EventStoreDB requires every event id to be a UUID (a .NET Guid
 * on the server), while the ledger's event ids are ULIDs (docs/architecture.md, Events and the envelope). Both are 128 bits, so the
 * mapping is just a change of notation: the ULID's 26 Crockford base32 characters and the
 * UUID's 32 hex digits spell the same 16 bytes. No version/variant bits are forced, because
 * forcing them would destroy 6 bits of the ULID; the server accepts any 128-bit Guid.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUID (lower-case, 8-4-4-4-12) spelling the same 128 bits as `ulid`. */
export function ulidToUuid(ulid: string): string {
  const parsed = Ulid.safeParse(ulid);
  if (!parsed.success) throw new Error(`not a ULID: ${JSON.stringify(ulid)}`);
  let value = 0n;
  for (const char of parsed.data) value = (value << 5n) | BigInt(CROCKFORD.indexOf(char));
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The ULID (upper-case Crockford base32) spelling the same 128 bits as `uuid` (any case). */
export function uuidToUlid(uuid: string): string {
  if (!UUID_PATTERN.test(uuid)) throw new Error(`not a UUID: ${JSON.stringify(uuid)}`);
  let value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  let out = '';
  // 26 characters × 5 bits = 130 bits: the top character only ever holds 3 bits (0-7).
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}
