import { z } from 'zod';
import type { Ulid } from './fields.js';

/** The aggregates of the ledger; each instance owns one stream named `<kind>-<ulid>`. */
export type StreamKind = 'inspection' | 'plan' | 'item' | 'board';

export const streamIdOf = (kind: StreamKind, id: Ulid): string => `${kind}-${id}`;

const STREAM_ID = /^(inspection|plan|item|board)-[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** Any stream of the ledger: `<inspection|plan|item|board>-<ULID>`. */
export const StreamId = z.string().regex(STREAM_ID, 'must be <inspection|plan|item|board>-<ULID>');

/** Splits a stream id into kind and id, or null when it is not one of the ledger's streams. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: Ulid } | null {
  const kind = STREAM_ID.exec(streamId)?.[1];
  if (kind !== 'inspection' && kind !== 'plan' && kind !== 'item' && kind !== 'board') return null;
  return { kind, id: streamId.slice(kind.length + 1) };
}
