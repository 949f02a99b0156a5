import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key tokens: `plk_<keyId>_<secret>`. The key id is public (it is the actor of the events a
 * key writes, and shows in `keys list`); the secret is 32 random bytes (256 bits) in base64url.
 * Because the secret has full entropy, one SHA-256 is enough at rest (a slow KDF defends
 * guessable passwords, which these are not), and it keeps authentication cheap per request.
 */
const TOKEN = /^plk_([0-9a-z]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedToken {
  keyId: string;
  secret: string;
}

/** A fresh key id: 16 lower-case base32-ish characters from 80 random bits. */
export function newKeyId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += alphabet.charAt(byte & 31);
  return id;
}

/** A fresh secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const formatToken = (keyId: string, secret: string): string => `plk_${keyId}_${secret}`;

/** Splits a presented token, or null when it is not shaped like one of ours. */
export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN.exec(token.trim());
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  return { keyId: match[1], secret: match[2] };
}

/** What is stored instead of the secret: SHA-256 hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Compares a presented secret with a stored hash in constant time: both sides are hashed to
 * 32 bytes first, so neither the length nor the first differing byte shows in the timing.
 */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  if (stored.length !== presented.length) return false;
  return timingSafeEqual(presented, stored);
}
