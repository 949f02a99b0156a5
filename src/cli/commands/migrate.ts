import { parseArgs } from 'node:util';
import { migrate } from '../../store/migrate.js';
import {
  openImportTarget,
  openStore,
  storeConfigFromEnv,
  storeConfigFromTarget,
} from '../../store/open-store.js';
import type { CliCommand } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { startProgress } from '../progress.js';

const usage = `ledger migrate: copy the whole ledger into another store (e.g. from the embedded file to EventStoreDB)

Usage: ledger migrate --to <esdb://…|file.sqlite> [--from <file.sqlite|esdb://…>] [--page-size 500]
                      [--progress] [--quiet]

  --to         the target: an EventStoreDB connection string or a SQLite file
  --from       the source; default: the configured store (LEDGER_STORE, LEDGER_DB, EVENTSTORE_URL)

Every event is copied with its envelope (id, revisions, recordedAt, actor, hashes), in global
order; each stream's hash chain is verified on arrival. Re-running copies nothing twice, so an
interrupted migration is resumed by running it again. Stop writers to the source first
(docs/operations.md).`;

/** `ledger migrate --to URL`: the CLI face of src/store/migrate.ts. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'copy every event, envelope and hashes verified, into another store (e.g. EventStoreDB)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        'page-size': { type: 'string' },
        progress: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.to) throw usageError('--to is required (an esdb:// connection string or a SQLite file)');
    const pageSize = values['page-size'] === undefined ? 500 : Number(values['page-size']);
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw usageError('--page-size must be a positive integer');
    const sourceConfig = values.from ? storeConfigFromTarget(values.from) : storeConfigFromEnv(io.env);
    const source = openStore(sourceConfig);
    const target = openImportTarget(storeConfigFromTarget(values.to));
    try {
      const head = await source.headPosition();
      const progress = startProgress({
        label: 'events',
        total: null,
        stream: io.stderr,
        force: values.progress ?? false,
        quiet: values.quiet ?? false,
      });
      const result = await migrate(source, target, { pageSize, onProgress: (p) => progress.update(p.read) });
      progress.finish();
      io.stdout.write(
        `Migrated ${result.read} events up to source position ${head}: ${result.imported} copied, ` +
          `${result.alreadyPresent} already in the target (identical). Hash chains verified.\n`,
      );
      return EXIT.ok;
    } finally {
      await target.close();
      await source.close();
    }
  },
};
