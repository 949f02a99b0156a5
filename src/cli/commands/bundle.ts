import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VERIFIER, writeAuditorBundle } from '../../app/auditor-bundle.js';
import { loadOrCreateSigningKey } from '../../app/signing-key.js';
import { BusinessDate } from '../../domain/fields.js';
import type { CliCommand } from '../command.js';
import { EXIT, type ExitCode, usageError } from '../exit-codes.js';
import { LOCAL_USAGE, ledgerPath, localOptions } from '../local-data.js';
import { startProgress } from '../progress.js';
import { openExistingLedger } from './open-local-ledger.js';

const exportUsage = `ledger export-bundle: write an auditor's bundle, checkable offline with plain Node

Usage: ledger export-bundle --reported-on YYYY-MM-DD --out DIR [--db <file>] [--quiet]
       ledger export-bundle --as-of YYYY-MM-DD --out DIR [--db <file>] [--quiet]

  --reported-on D  the latest board report presented on or before D: the events up to it,
                   the snapshot the board was shown, and the digests and proofs
  --as-of D        instead: every event recorded by the end of D
  --out DIR        the folder to write (created if missing)
${LOCAL_USAGE}

The digests are signed with the key beside the ledger (ledger-signing-key.pem). Give the
auditor the folder; they run \`node DIR/verify-bundle.mjs\` (or \`ledger verify-bundle DIR\`).`;

const date = (value: string, option: string): string => {
  const parsed = BusinessDate.safeParse(value);
  if (!parsed.success) throw usageError(`${option} must be a date as YYYY-MM-DD, e.g. 2011-04-27.`);
  return parsed.data;
};

export const exportBundleCommand: CliCommand = {
  name: 'export-bundle',
  summary: "write an auditor's bundle (events, snapshot, signed digests, proofs, verifier)",
  usage: exportUsage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...localOptions,
        'reported-on': { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean' },
        progress: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.out === undefined)
      throw usageError('--out DIR is required: the folder to write the bundle into.');
    if ((values['reported-on'] === undefined) === (values['as-of'] === undefined))
      throw usageError('Give exactly one of --reported-on D or --as-of D.');
    const db = ledgerPath(values, io.env);
    const store = openExistingLedger(values, io.env);
    try {
      const { key } = loadOrCreateSigningKey(dirname(db));
      const progress = startProgress({
        label: 'events read',
        total: (await store.headPosition()) + 1,
        stream: io.stderr,
        force: values.progress ?? false,
        quiet: values.quiet ?? false,
      });
      const result = await writeAuditorBundle(
        store,
        key,
        values['reported-on'] !== undefined
          ? { reportedOn: date(values['reported-on'], '--reported-on') }
          : { asOf: date(values['as-of'] ?? '', '--as-of') },
        values.out,
        () => new Date(),
        (done) => progress.update(done),
      );
      progress.finish();
      io.stdout.write(
        `Wrote ${result.files.length} files to ${values.out}: ${result.events} events` +
          (result.report
            ? `, up to the report to ${result.report.boardName} on ${result.report.boardDate}`
            : '') +
          `.\nThe auditor checks it with: node ${values.out}/verify-bundle.mjs\n`,
      );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};

export const verifyBundleCommand: CliCommand = {
  name: 'verify-bundle',
  summary: "check an auditor's bundle offline (the same verifier the bundle carries)",
  usage: `ledger verify-bundle DIR: run the bundle's standalone checks (no database needed)

Usage: ledger verify-bundle DIR

Runs this ledger's copy of verify-bundle.mjs on DIR; \`node DIR/verify-bundle.mjs\` runs the
bundle's own copy. Exit 0 when every check passes, 1 when one fails.`,
  async run(args, io) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
    const [dir] = positionals;
    if (dir === undefined || positionals.length > 1)
      throw usageError('name one bundle folder: ledger verify-bundle DIR');
    return new Promise<ExitCode>((done) => {
      const child = spawn(process.execPath, [fileURLToPath(VERIFIER), dir]);
      child.stdout.on('data', (chunk) => io.stdout.write(String(chunk)));
      child.stderr.on('data', (chunk) => io.stderr.write(String(chunk)));
      child.on('exit', (code) => done(code === 0 ? EXIT.ok : code === 2 ? EXIT.usage : EXIT.failure));
    });
  },
};
