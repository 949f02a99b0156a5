import type { KeyStore } from './key-store.js';

/**
 * First start: with no usable key nobody could ever create one over HTTP, so the server makes
 * one admin key and returns its token for printing once. Later starts return null.
 */
export function ensureAdminKey(keys: KeyStore): string | null {
  if (keys.activeCount() > 0) return null;
  return keys.create({ name: 'first-start admin', role: 'admin' }, 'bootstrap').token;
}
