import { z } from 'zod';
import { DEFAULT_SQLITE_PATH } from './store/open-store.js';

const OnOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/**
 * Server configuration from the environment. Every variable has a default that runs the ledger
 * on a fresh machine with nothing else installed.
 */
export const ServerConfig = z.object({
  /** Port to listen on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind; loopback unless told otherwise, so a laptop does not expose its ledger. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The SQLite file of the embedded store (the store itself is chosen by src/store/open-store.ts
   * from LEDGER_STORE / LEDGER_DB / EVENTSTORE_URL); its folder also holds the API keys.
   */
  LEDGER_DB: z.string().min(1).default(DEFAULT_SQLITE_PATH),
  /** Load the sample plan into an empty ledger on start. */
  LEDGER_SAMPLE_DATA: OnOff.default(true),
  /** fastify log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

/** Reads the configuration, naming every bad variable and what it should be. */
export function readServerConfig(env: NodeJS.ProcessEnv, argv: string[] = []): ServerConfig {
  const parsed = ServerConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `Invalid configuration:\n${lines.join('\n')}\nFix the environment variables above and start again.`,
    );
  }
  const config = parsed.data;
  if (argv.includes('--no-sample-data')) config.LEDGER_SAMPLE_DATA = false;
  return config;
}
