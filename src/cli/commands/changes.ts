import { parseArgs } from 'node:util';
import { ChangesBetweenResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { renderTable } from '../table.js';

const usage = `ledger changes: what changed between two business dates

Usage: ledger changes --from YYYY-MM-DD --to YYYY-MM-DD [--known-at <when>] [--plan <id>] [--json]

Items added, updated, re-rated, completed, transferred... between the two dates (e.g. two board dates).
${SERVER_USAGE}`;

export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'what changed between two dates (e.g. since the last board)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...serverOptions,
        from: { type: 'string' },
        to: { type: 'string' },
        'known-at': { type: 'string' },
        plan: { type: 'string' },
      },
      strict: true,
    });
    if (values.from === undefined || values.to === undefined) {
      throw usageError('changes needs --from and --to, e.g. --from 2011-03-30 --to 2011-04-27.');
    }
    const body = await getJson(serverTarget(values, io.env), '/changes', {
      from: values.from,
      to: values.to,
      knownAt: values['known-at'],
      planId: values.plan,
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    const changes = expectShape(ChangesBetweenResult, body, 'changes');
    io.stdout.write(`Changes from ${changes.from} to ${changes.to}, known at ${changes.knownAt}\n\n`);
    io.stdout.write(
      `${renderTable(
        ['ref', 'kind', 'changes'],
        changes.items.map((i) => [
          i.ref,
          i.kind,
          i.changes
            .map((c) =>
              c.change === 're-rated'
                ? `re-rated ${c.from ?? '-'}→${c.to ?? '-'}`
                : c.change === 'updated'
                  ? `${c.newUpdates} update(s)`
                  : c.change,
            )
            .join(', '),
        ]),
        80,
      )}\n`,
    );
    return EXIT.ok;
  },
};
