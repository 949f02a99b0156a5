import { parseArgs } from 'node:util';
import { PROJECTIONS, ProjectionRunner } from '../../../projections/runtime/runner.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT } from '../exit-codes.js';
import { checkpointDir, LOCAL_USAGE, localOptions } from '../local-data.js';
import { startProgress } from '../progress.js';
import { openExistingLedger } from './open-local-ledger.js';

const usage = `ledger rebuild: replay the whole ledger into the projections, from position 0

Usage: ledger rebuild [--projection <name>] [--db <file>] [--progress] [--quiet]

  --projection <name>  one projection (${Object.keys(PROJECTIONS).join(', ')}); default: all
  --progress           draw the progress bar even when stderr is not a terminal
  --quiet              no progress output
${LOCAL_USAGE}

Stop the server first: it keeps the projection state open. The ledger itself is only read.
State is written to $LEDGER_CHECKPOINT_DIR (default: read-model-checkpoint/ beside the ledger file).`;

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild the projections from the local ledger (with progress)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...localOptions,
        projection: { type: 'string' },
        progress: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.projection !== undefined && !Object.hasOwn(PROJECTIONS, values.projection)) {
      throw new CliError(
        `There is no projection "${values.projection}"; known: ${Object.keys(PROJECTIONS).join(', ')}.`,
        EXIT.usage,
      );
    }
    const store = openExistingLedger(values, io.env);
    try {
      const head = await store.headPosition();
      const runner = new ProjectionRunner({ store, dataDir: checkpointDir(values, io.env) });
      const progress = startProgress({
        label: 'events',
        total: head + 1,
        stream: io.stderr,
        force: values.progress ?? false,
        quiet: values.quiet ?? false,
      });
      const started = Date.now();
      let applied = 0;
      await runner.rebuild(values.projection, (p) => {
        applied = p.applied;
        progress.update(p.applied);
      });
      // Settled and saved before the process exits (the next start reads the snapshot).
      await runner.settled();
      progress.finish();
      io.stdout.write(
        `Rebuilt ${values.projection ?? 'all projections'} from ${applied} events in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
      );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
