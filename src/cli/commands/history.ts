import { parseArgs } from 'node:util';
import { ItemHistoryResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { renderTable } from '../table.js';

const usage = `ledger history: the audit trail of one item

Usage: ledger history <itemId> [--known-at <date or instant>] [--json]

Every event of the item: when it became true (effective), when it was recorded, who recorded it,
and corrections or retractions beside the entry they fix.
  --known-at <when>   only what the ledger knew by then (default now)
${SERVER_USAGE}`;

/** One line of an event's data, without the ids every item event repeats. */
function summary(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([k, v]) => !k.endsWith('Id') && v !== null)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: "show an item's audit trail",
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { ...serverOptions, 'known-at': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [itemId] = positionals;
    if (itemId === undefined) throw usageError('history needs an item id: ledger history <itemId>.');
    const body = await getJson(serverTarget(values, io.env), `/items/${encodeURIComponent(itemId)}/history`, {
      knownAt: values['known-at'],
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    const history = expectShape(ItemHistoryResult, body, 'history');
    io.stdout.write(`Item ${history.itemId}, as known at ${history.knownAt}\n\n`);
    io.stdout.write(
      `${renderTable(
        ['rev', 'effective', 'recorded', 'type', 'actor', 'what', 'note'],
        history.entries.map((e) => [
          e.revision,
          e.effectiveOn,
          e.recordedAt,
          e.type,
          e.actor.claimedName ? `${e.actor.id} for ${e.actor.claimedName}` : e.actor.id,
          summary(e.data),
          e.retracted
            ? 'RETRACTED'
            : e.fixes.length > 0
              ? `corrected (${e.fixes.map((f) => f.reason).join('; ')})`
              : null,
        ]),
        50,
      )}\n`,
    );
    return EXIT.ok;
  },
};
