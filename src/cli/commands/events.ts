import { parseArgs } from 'node:util';
import { EventsPage } from '../../api/routes/events/schema.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { renderTable } from '../table.js';

const usage = `ledger events: the raw ledger, in global order (for auditors)

Usage: ledger events [--after <position>] [--limit 100] [--stream <streamId>] [--type <EventType>]
                     [--effective-from YYYY-MM-DD] [--effective-to YYYY-MM-DD] [--json]

${SERVER_USAGE}`;

export const eventsCommand: CliCommand = {
  name: 'events',
  summary: 'list raw ledger events (paged by position, filter by stream / type / date)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...serverOptions,
        after: { type: 'string' },
        limit: { type: 'string' },
        stream: { type: 'string' },
        type: { type: 'string' },
        'effective-from': { type: 'string' },
        'effective-to': { type: 'string' },
      },
      strict: true,
    });
    const body = await getJson(serverTarget(values, io.env), '/events', {
      after: values.after,
      limit: values.limit,
      streamId: values.stream,
      type: values.type,
      effectiveFrom: values['effective-from'],
      effectiveTo: values['effective-to'],
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    const page = expectShape(EventsPage, body, 'events');
    io.stdout.write(
      `${renderTable(
        ['position', 'effective', 'recorded', 'type', 'stream', 'actor'],
        page.events.map((e) => [e.position, e.effectiveOn, e.recordedAt, e.type, e.streamId, e.actor.id]),
      )}\n`,
    );
    io.stdout.write(
      page.nextAfter === null
        ? `(${page.events.length} events; head of the log is position ${page.headPosition})\n`
        : `(${page.events.length} events; more with --after ${page.nextAfter})\n`,
    );
    return EXIT.ok;
  },
};
