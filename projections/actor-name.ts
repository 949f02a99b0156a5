import type { Actor } from '../src/domain/envelope.js';
import type { Provenance } from '../src/domain/provenance.js';

/** Looks up an API key's name by its id (the key store); null when unknown or not a key. */
export type KeyNames = (keyId: string) => string | null;

/**
 * Who did it, in words an auditor reads: the key's name (not only its opaque id), or for an
 * import the operator and the file it came from. A name in a request is only a claim, so it is
 * shown as "on behalf of", never as the actor.
 */
export function actorDisplayName(actor: Actor, provenance: Provenance | null, keyNames?: KeyNames): string {
  const claimed = actor.claimedName ? `, on behalf of “${actor.claimedName}”` : '';
  const named = keyNames?.(actor.id) ?? null;
  switch (actor.method) {
    case 'api-key':
      return `${named ?? `key ${actor.id}`}${claimed}`;
    case 'import': {
      const operator = named ?? actor.id.replace(/^cli:/, '');
      const from = provenance ? ` importing ${provenance.fileName}` : ' (import)';
      return `${operator}${from}${claimed}`;
    }
    case 'cli':
      return `${actor.id.replace(/^cli:/, '')} (command line)${claimed}`;
    case 'system':
      return actor.claimedName ?? 'the ledger itself';
    default: {
      const unhandled: never = actor.method;
      return unhandled;
    }
  }
}
