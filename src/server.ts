import { dirname } from 'node:path';
import { openCheckpointDir } from '../projections/runtime/checkpoint-dir.js';
import { ProjectionRunner } from '../projections/runtime/runner.js';
import { buildApp } from './api/app.js';
import { loadOrCreateSigningKey } from './app/signing-key.js';
import { verifyTail } from './app/verify-tail.js';
import { ensureAdminKey } from './auth/bootstrap.js';
import { keysPathFor } from './auth/key-path.js';
import { KeyStore } from './auth/key-store.js';
import { migrateLegacyKeyFile } from './auth/legacy-key-file.js';
import { readServerConfig } from './config.js';
import { newUlid } from './lib/id-source.js';
import { loadSampleIfEmpty } from './sample/load-sample.js';
import { openStore, storeConfigFromEnv } from './store/open-store.js';
import { SqliteEventStore } from './store/sqlite-store.js';

/** Opens the store, loads the sample plan into an empty ledger, and listens. Nothing else. */
async function main() {
  const config = readServerConfig(process.env, process.argv.slice(2));
  const storeConfig = storeConfigFromEnv(process.env);
  const store = openStore(storeConfig, undefined, { server: true });
  // The write thread starts in the background; the server listens only once it can commit, so
  // the first commands after a start do not wait for it.
  const writer = store instanceof SqliteEventStore ? store.writerSettings() : Promise.resolve(null);
  const storeName = storeConfig.kind === 'sqlite' ? `sqlite:${storeConfig.path}` : 'eventstoredb';
  if (config.LEDGER_SAMPLE_DATA) {
    await writer;
    const loaded = await loadSampleIfEmpty(store, { newId: newUlid });
    if (loaded > 0)
      console.log(`Loaded the sample plan: ${loaded} events (start with --no-sample-data to skip).`);
  }
  // Restores the saved projection state and subscribes after its checkpoint: no full replay. It
  // runs while the write thread starts and the tail is verified (neither needs it, and it needs
  // neither: it only reads); nothing is served before all three are done.
  const projections = new ProjectionRunner({
    store,
    dataDir: openCheckpointDir(process.env, config.LEDGER_DB),
  });
  // Ready to answer once restored; its cached folds are refilled after the server listens.
  const restoring = projections.start({ deferSettling: true });
  restoring.catch(() => undefined); // awaited below, after the checks that must win first
  await writer;
  // Refuse to serve a ledger whose recent history does not verify: name the event and stop.
  const tail = await verifyTail(store, {
    order:
      storeConfig.kind === 'sqlite'
        ? { gapless: true, monotonicTime: true }
        : { gapless: false, monotonicTime: false },
  });
  const bad = tail.findings[0];
  if (bad) {
    throw new Error(
      `Refusing to serve: the ledger's last ${tail.checked} events do not verify. Event ${bad.eventId} ` +
        `(stream ${bad.streamId}, revision ${bad.revision}, position ${bad.position}), column ${bad.columns.join(' | ')}: ${bad.reason}. ` +
        'The file was changed outside Plan Ledger: run `ledger verify` for the full list, keep this file as evidence and restore a backup (docs/operations.md).',
    );
  }
  // Keys are events in the store; a keys.sqlite left by an older version is copied in once.
  const keys = await KeyStore.open(store);
  const legacyKeys = keysPathFor(process.env, config.LEDGER_DB);
  const migrated = await migrateLegacyKeyFile(keys, legacyKeys);
  if (migrated > 0)
    console.log(`Moved the API keys of ${legacyKeys} into the ledger's store (${migrated} events).`);
  const firstKey = await ensureAdminKey(keys);
  if (firstKey !== null) {
    // Printed once, never logged: the ledger keeps only its hash.
    console.log(
      `No API keys yet: created an admin key. Store it now, it will not be shown again:\n\n  ${firstKey}\n`,
    );
  }
  await restoring;
  // Beside the ledger file: one data directory holds everything a server needs.
  const signing = loadOrCreateSigningKey(dirname(config.LEDGER_DB));
  if (signing.created)
    console.log(
      `Created the digest signing key ${signing.key.keyId} at ${signing.path}; back it up with the ledger.`,
    );
  const app = await buildApp({
    store,
    storeName,
    keys,
    projections,
    signingKey: signing.key,
    logger: { level: config.LOG_LEVEL },
  });
  const close = async () => {
    await app.close();
    await projections.stop({ save: true });
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.PORT, host: config.HOST });
  projections.settleInBackground();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
