import { parseArgs } from 'node:util';
import { z } from 'zod';
import { computeDigest, proveConsistency } from '../../app/ledger-proofs.js';
import { verifyConsistency } from '../../lib/merkle.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { LOCAL_USAGE, localOptions } from '../local-data.js';
import { openExistingLedger } from './open-local-ledger.js';

const usage = `ledger digest: the ledger's Merkle digest, or proof that an old digest is a prefix of today's ledger

Usage: ledger digest [--size <n>] [--json] [--db <file>]
       ledger digest --prove-from <size> --root <hex> [--json] [--db <file>]

  --size <n>          the digest over the first n events (default: all)
  --prove-from <n>    the tree size of an old digest (e.g. the one taken on a board date)
  --root <hex>        that old digest's root hash
  --json              print one JSON document
${LOCAL_USAGE}

With --prove-from, exit code 0 means the old digest is consistent with today's ledger (nothing
before it was rewritten); 1 means it is not.`;

const Size = z.coerce.number().int().nonnegative();
const Root = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character lower-case hex SHA-256');

function parse<T>(schema: z.ZodType<T>, value: string, option: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw usageError(`${option} ${result.error.issues[0]?.message ?? 'is invalid'}.`);
  return result.data;
}

export const digestCommand: CliCommand = {
  name: 'digest',
  summary: 'print the ledger digest, or prove an old digest consistent with today',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...localOptions,
        size: { type: 'string' },
        'prove-from': { type: 'string' },
        root: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    if ((values['prove-from'] === undefined) !== (values.root === undefined)) {
      throw usageError('--prove-from and --root go together: give the old digest’s tree size and root.');
    }
    const store = openExistingLedger(values, io.env);
    try {
      if (values['prove-from'] !== undefined && values.root !== undefined) {
        const oldSize = parse(Size, values['prove-from'], '--prove-from');
        const oldRoot = parse(Root, values.root, '--root');
        const head = (await store.headPosition()) + 1;
        if (oldSize > head) {
          throw new CliError(
            `The ledger holds ${head} events, fewer than the old tree size ${oldSize}: it has lost events.`,
            EXIT.failure,
          );
        }
        const proof = await proveConsistency(store, oldSize);
        const consistent = verifyConsistency(
          oldSize,
          proof.newSize,
          Buffer.from(oldRoot, 'hex'),
          Buffer.from(proof.newRootHash, 'hex'),
          proof.proof.map((p) => Buffer.from(p, 'hex')),
        );
        if (values.json)
          io.stdout.write(`${JSON.stringify({ ...proof, oldRootHash: oldRoot, consistent }, null, 2)}\n`);
        else
          io.stdout.write(
            consistent
              ? `CONSISTENT: the ledger of ${oldSize} events with root ${oldRoot} is a prefix of today's ${proof.newSize} events (root ${proof.newRootHash}).\n`
              : `NOT CONSISTENT: today's ledger does not extend the digest of ${oldSize} events with root ${oldRoot}. Something before it was rewritten; run \`ledger verify\` to find where.\n`,
          );
        return consistent ? EXIT.ok : EXIT.failure;
      }
      const size = values.size === undefined ? undefined : parse(Size, values.size, '--size');
      const head = (await store.headPosition()) + 1;
      if (size !== undefined && size > head) {
        throw usageError(`--size ${size} is larger than the ledger (${head} events).`);
      }
      const digest = await computeDigest(store, size);
      io.stdout.write(
        values.json
          ? `${JSON.stringify(digest, null, 2)}\n`
          : `tree size ${digest.treeSize}\nroot ${digest.rootHash}\n`,
      );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
