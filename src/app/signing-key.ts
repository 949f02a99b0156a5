import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../lib/hash.js';

/** The file, beside the ledger, that holds the server's Ed25519 signing key (PKCS#8 PEM, mode 0600). */
export const SIGNING_KEY_FILE = 'ledger-signing-key.pem';

/**
 * The key the server signs ledger digests with. A signed digest handed to an auditor (or printed
 * in board minutes) pins the ledger as it was: whoever later holds the file cannot produce a
 * different history that the same key vouches for without the private key.
 */
export interface SigningKey {
  /** SHA-256 of the public key (SPKI DER), hex, first 16 characters: names the key in each digest. */
  keyId: string;
  publicKeyPem: string;
  sign(message: string): string;
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: sha256Hex(der).slice(0, 16),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

/** A key that lives only in memory (tests, and an app built without a data directory). */
export function ephemeralSigningKey(): SigningKey {
  return fromPrivate(generateKeyPairSync('ed25519').privateKey);
}

/** The key in `<dir>/ledger-signing-key.pem`, created on first start. */
export function loadOrCreateSigningKey(dir: string): { key: SigningKey; created: boolean; path: string } {
  const path = join(dir, SIGNING_KEY_FILE);
  if (existsSync(path))
    return { key: fromPrivate(createPrivateKey(readFileSync(path))), created: false, path };
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  // 'wx': never overwrite a key another process created a moment ago.
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { key: fromPrivate(privateKey), created: true, path };
}

/** Checks an Ed25519 signature (base64) over a message with a PEM public key. */
export function verifySignature(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(message, 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
