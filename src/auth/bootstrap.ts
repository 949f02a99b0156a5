import type { KeyStore } from './key-store.js';

/**
 * First start: with no key at all nobody could ever create one over HTTP, so the server makes
 * one admin key and returns its token for printing once. Later starts (or an instance that lost
 * the race to another starting at the same time) return null.
 */
export function ensureAdminKey(keys: KeyStore): Promise<string | null> {
  return keys.createFirstAdmin();
}
