import { z } from 'zod';
import { CreatedKey, CreateKeyInput, KeyInfo } from '../../../auth/key-schema.js';
import { Role } from '../../../auth/roles.js';
import { ShortText } from '../../../domain/fields.js';

/** POST /keys body: the same schema (and rules) as `ledger keys create`, so the two cannot drift. */
export const CreateKeyBody = CreateKeyInput;

/** POST /keys/:keyId/scope body: the key's new role and (for contributors) portfolios. */
export const KeyScopeBody = z.strictObject({
  role: Role,
  portfolios: z.array(ShortText).max(50).default([]),
});

export const KeyParams = z.strictObject({ keyId: z.string().regex(/^[0-9a-z]{16}$/, 'must be a key id') });
export const KeyList = z.strictObject({ keys: z.array(KeyInfo) });
export { CreatedKey, KeyInfo };
