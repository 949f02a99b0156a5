import { z } from 'zod';
import { CreatedKey, KeyInfo } from '../../../auth/key-schema.js';
import { Role } from '../../../auth/roles.js';
import { ShortText } from '../../../domain/fields.js';

/** POST /keys body (same rules as `ledger keys create`). */
export const CreateKeyBody = z
  .strictObject({
    name: ShortText,
    role: Role,
    /** Required for contributors: the portfolios whose items the key may update. */
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

export const KeyParams = z.strictObject({ keyId: z.string().regex(/^[0-9a-z]{16}$/, 'must be a key id') });
export const KeyList = z.strictObject({ keys: z.array(KeyInfo) });
export { CreatedKey, KeyInfo };
