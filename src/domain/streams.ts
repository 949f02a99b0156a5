import type { Ulid } from './fields.js';

/** The aggregates of the ledger; each instance owns one stream named `<kind>-<ulid>`. */
export type StreamKind = 'inspection' | 'plan' | 'item' | 'board';

export const streamIdOf = (kind: StreamKind, id: Ulid): string => `${kind}-${id}`;

/** Splits a stream id into kind and id, or null when it is not one of the ledger's streams. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: Ulid } | null {
  const match = /^(inspection|plan|item|board)-([0-7][0-9A-HJKMNP-TV-Z]{25})$/.exec(streamId);
  if (!match) return null;
  const kind = match[1];
  const id = match[2];
  if (kind !== 'inspection' && kind !== 'plan' && kind !== 'item' && kind !== 'board') return null;
  if (id === undefined) return null;
  return { kind, id };
}
