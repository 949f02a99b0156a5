import { z } from 'zod';
import { Instant, ShortText } from '../domain/fields.js';
import { Role } from './roles.js';

/** What creating a key takes (the CLI's `keys create` and `POST /keys`). */
export const CreateKeyInput = z
  .strictObject({
    /** A label for people: who or what holds the key, e.g. "Territorial Policing action owners". */
    name: ShortText,
    role: Role,
    /** For contributors: the portfolios (by name) whose items the key may update. */
    portfolios: z.array(ShortText).max(50).default([]),
  })
  .refine((k) => k.role !== 'contributor' || k.portfolios.length > 0, {
    message: 'a contributor key must name at least one portfolio',
    path: ['portfolios'],
  })
  .refine((k) => k.role === 'contributor' || k.portfolios.length === 0, {
    message: 'only contributor keys are scoped to portfolios',
    path: ['portfolios'],
  });
export type CreateKeyInput = z.input<typeof CreateKeyInput>;

/** A key as listed: never its secret, never its hash. */
export const KeyInfo = z.strictObject({
  keyId: z.string(),
  name: z.string(),
  role: Role,
  portfolios: z.array(z.string()),
  createdAt: Instant,
  /** Key id of the admin who created it, or `bootstrap` / `cli`. */
  createdBy: z.string(),
  /** When it was revoked; null while it is valid. */
  revokedAt: Instant.nullable(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

/** The answer to creating a key: the only time the token is ever shown. */
export const CreatedKey = z.strictObject({
  key: KeyInfo,
  /** The bearer token. Store it now: the ledger keeps only its hash. */
  token: z.string(),
});
export type CreatedKey = z.infer<typeof CreatedKey>;
