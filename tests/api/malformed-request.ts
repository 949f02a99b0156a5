import type { Seeded } from './factories.js';

/** One malformed request and the field its problem document must name. */
export interface Bad {
  name: string;
  method?: 'GET' | 'POST';
  url: (ids: Seeded) => string;
  /** A JSON value, or a raw string sent as is. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  /** The `errors[].path` that must be present (or, for 404/409, a member that names the thing). */
  field: string;
}

/** An id no aggregate has. */
export const ULID_NOBODY = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
/** The URL of a command on the seeded item. */
export const item = (suffix: string) => (ids: Seeded) => `/items/${ids.tpItemId}/${suffix}`;
/** A new item's body with `over` changed. */
export const newItem = (over: Record<string, unknown>) => (ids: Seeded) => ({
  inspectionId: ids.inspectionId,
  planId: ids.tpPlanId,
  ref: 'R.9',
  kind: 'recommendation',
  text: 'Do better',
  ...over,
});
