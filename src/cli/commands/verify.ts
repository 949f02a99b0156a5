import { parseArgs } from 'node:util';
import { storeWitness, verifyLedger } from '../../app/verify-ledger.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { LOCAL_USAGE, ledgerPath, localOptions } from '../local-data.js';
import { startProgress } from '../progress.js';
import { openExistingLedger } from './open-local-ledger.js';

const usage = `ledger verify: recompute every event hash, every chain link and the ledger digest

Usage: ledger verify [--json] [--witness <backup.sqlite>] [--db <file>] [--progress] [--quiet]

  --json      print the report as one JSON document
  --witness   a backup of the same ledger: an edited event is compared with its copy there,
              to name exactly which column changed
  --progress  draw the progress bar even when stderr is not a terminal
  --quiet     no progress output
${LOCAL_USAGE}

Exit code 0 when everything matches; 1 names the first event that does not, in global order.
Keep the printed digest (tree size and root): \`ledger digest --prove-from\` later proves that
nothing before it was rewritten.`;

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check every hash and chain of the local ledger; print its digest',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...localOptions,
        json: { type: 'boolean' },
        witness: { type: 'string' },
        progress: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    const store = openExistingLedger(ledgerPath(values, io.env));
    const witness = values.witness === undefined ? null : openExistingLedger(values.witness);
    try {
      const progress = startProgress({
        label: 'events',
        total: (await store.headPosition()) + 1,
        stream: io.stderr,
        force: values.progress ?? false,
        quiet: values.quiet ?? false,
      });
      const report = await verifyLedger(store, {
        onProgress: (done) => progress.update(done),
        ...(witness === null ? {} : { witness: storeWitness(witness) }),
      });
      progress.finish();
      if (values.json) {
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else if (report.firstFailure) {
        const lines = report.failures.map(
          (f) =>
            `  event ${f.eventId} (stream ${f.streamId}, revision ${f.revision}, position ${f.position})\n` +
            `    column ${f.columns.join(' | ')}: ${f.reason}\n`,
        );
        io.stdout.write(
          `FAILED: ${report.failures.length} finding(s), the first at position ${report.firstFailure.position}:\n${lines.join('')}` +
            'The ledger was changed outside Plan Ledger. Keep this copy as evidence; restore from a backup taken before that event (docs/operations.md, "Backup and restore").\n' +
            (values.witness === undefined
              ? 'Give a backup with --witness <file> to name exactly which column of an edited event changed.\n'
              : ''),
        );
      } else {
        io.stdout.write(
          `OK: ${report.eventsChecked} events in ${report.streams} streams verified.\n` +
            `Digest: tree size ${report.digest.treeSize}, root ${report.digest.rootHash}\n`,
        );
      }
      return report.ok ? EXIT.ok : EXIT.failure;
    } finally {
      await store.close();
      await witness?.close();
    }
  },
};
