import type { z } from 'zod';

/**
 * An optional body field that the event records as null when absent: callers can leave out
 * what they do not know instead of spelling `null`.
 */
export const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);
