import { parseArgs } from 'node:util';
import { ChangesBetweenResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { REPORTED_ON_USAGE, reportedOnOption, reportLine } from '../report-line.js';
import { resolvePlan } from '../resolve.js';
import { renderTable } from '../table.js';
import { dateOption, knownAtOption } from '../time-options.js';

const usage = `ledger changes: what changed between two business dates

Usage: ledger changes --from YYYY-MM-DD --to YYYY-MM-DD [--known-at <when>] [--plan <portfolio or id>] [--json]
       ledger changes --reported-on D [--plan <portfolio or id>] [--json]

Items added, updated, re-rated, completed, transferred... between the two dates (e.g. two board dates).
${REPORTED_ON_USAGE}
                       without --from / --to: since the same board's previous report
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
        ...reportedOnOption,
        from: { type: 'string' },
        to: { type: 'string' },
        'known-at': { type: 'string' },
        plan: { type: 'string' },
      },
      strict: true,
    });
    if ((values.from === undefined || values.to === undefined) && values['reported-on'] === undefined) {
      throw usageError(
        'changes needs --from and --to (e.g. --from 2011-03-30 --to 2011-04-27), or --reported-on a board date.',
      );
    }
    const from = dateOption('from', values.from);
    const to = dateOption('to', values.to);
    const knownAt = knownAtOption(values['known-at']);
    const reportedOn = dateOption('reported-on', values['reported-on']);
    const target = serverTarget(values, io.env);
    const planId = values.plan ? await resolvePlan(target, values.plan) : undefined;
    const body = await getJson(target, '/changes', { from, to, knownAt, reportedOn, planId });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    const changes = expectShape(ChangesBetweenResult, body, 'changes');
    io.stdout.write(reportLine(changes.report));
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
