import type { Actor } from '../domain/envelope.js';
import type { Role } from './roles.js';

/** The authenticated caller of a request: an API key, as the key store knows it. */
export interface Principal {
  /** The key's public id; this (never a request body) is the actor of every event it writes. */
  keyId: string;
  /** A label chosen when the key was created, e.g. "PRG dashboard". */
  name: string;
  role: Role;
  /**
   * Portfolios a contributor key may write to (names, compared case-insensitively). Empty for
   * the other roles, whose reach is not scoped.
   */
  portfolios: string[];
}

/**
 * The envelope actor for an event written by `principal` in request `requestId`. `claimedName`
 * records an "on behalf of" name from the request as a claim only.
 */
export function actorOf(principal: Principal, requestId: string, claimedName: string | null = null): Actor {
  return { id: principal.keyId, method: 'api-key', requestId, claimedName };
}

/** Portfolio names are compared in this form, so "Territorial policing " matches "Territorial Policing". */
export function normalisePortfolio(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Whether a contributor-scoped principal may write to a plan of `portfolio`. */
export function coversPortfolio(principal: Principal, portfolio: string): boolean {
  if (principal.role !== 'contributor') return true;
  const wanted = normalisePortfolio(portfolio);
  return principal.portfolios.some((p) => normalisePortfolio(p) === wanted);
}
