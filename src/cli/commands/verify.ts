import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkAgainstDigest } from '../../app/check-against-digest.js';
import { SignedDigest } from '../../app/signed-digest.js';
import { SIGNING_KEY_FILE } from '../../app/signing-key.js';
import { storeWitness, verifyLedger } from '../../app/verify-ledger.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, type ExitCode, usageError } from '../exit-codes.js';
import { LOCAL_USAGE, ledgerPath, localOptions } from '../local-data.js';
import { startProgress } from '../progress.js';
import { openExistingLedger } from './open-local-ledger.js';

const usage = `ledger verify: recompute every event hash, every chain link and the ledger digest

Usage: ledger verify [--json] [--witness <backup.sqlite>] [--db <file>] [--progress] [--quiet]
       ledger verify --against <digest.json> [--public-key <key.pem>] [--json] [--db <file>]

  --json      print the report as one JSON document
  --witness   a backup of the same ledger: an edited event is compared with its copy there,
              to name exactly which column changed
  --progress  draw the progress bar even when stderr is not a terminal
  --quiet     no progress output
${LOCAL_USAGE}

  --against     a digest saved earlier (GET /ledger/digest, a bundle's digest.json): proves
                today's ledger extends it; catches a deleted tail and a rewrite-and-rehash
  --public-key  the server's public key (GET /ledger/public-key) to check the digest's
                signature; default: derived from ledger-signing-key.pem beside the ledger

Exit code 0 when everything matches; 1 names the first event that does not, in global order.
Keep the printed digest (tree size and root): \`ledger digest --prove-from\` later proves that
nothing before it was rewritten.`;

async function verifyAgainst(
  file: string,
  keyFile: string | undefined,
  db: string,
  io: CliIo,
  json: boolean,
): Promise<ExitCode> {
  const parsed = SignedDigest.safeParse(readJson(file));
  if (!parsed.success)
    throw usageError(
      `${file} is not a signed ledger digest (${parsed.error.issues[0]?.message ?? 'invalid'}); save one from GET /ledger/digest.`,
    );
  const publicKey = keyFile !== undefined ? readFileSync(keyFile, 'utf8') : localPublicKey(db);
  const store = openExistingLedger({ db }, io.env);
  try {
    const report = await checkAgainstDigest(store, parsed.data, publicKey);
    io.stdout.write(
      json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${report.consistent ? 'CONSISTENT' : 'NOT CONSISTENT'} (signature ${report.signature}): ${report.reason}\n`,
    );
    return report.consistent ? EXIT.ok : EXIT.failure;
  } finally {
    await store.close();
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw usageError(
      `cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The public half of the signing key beside the ledger, if there is one. */
function localPublicKey(db: string): string | null {
  const path = join(dirname(db), SIGNING_KEY_FILE);
  if (!existsSync(path)) return null;
  return createPublicKey(createPrivateKey(readFileSync(path)))
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

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
        against: { type: 'string' },
        'public-key': { type: 'string' },
        progress: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.against !== undefined)
      return verifyAgainst(
        values.against,
        values['public-key'],
        ledgerPath(values, io.env),
        io,
        values.json ?? false,
      );
    const store = openExistingLedger(values, io.env);
    const witness = values.witness === undefined ? null : openExistingLedger({ db: values.witness }, io.env);
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
