import { parseArgs } from 'node:util';
import { BoardCountsResult } from '../../../projections/runtime/board-queries.js';
import { BoardSummaryResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { REPORTED_ON_USAGE, reportedOnOption, reportLine } from '../report-line.js';
import { resolveInspection } from '../resolve.js';
import { renderTable } from '../table.js';
import { timeOptions } from '../time-options.js';

const usage = `ledger board-summary: the board paper's table, per portfolio

Usage: ledger board-summary [--as-of YYYY-MM-DD] [--known-at <when>] [--reported-on D]
                            [--inspection <title or id>] [--items] [--json]

Total / Completed / Green / Amber / Red, for recommendations and for areas for improvement.
  --items              also list the items behind each number (the drill-down)
  --as-of, --known-at  as for \`ledger plan\`
${REPORTED_ON_USAGE}
${SERVER_USAGE}`;

type Counts = { total: number; completed: number; green: number; amber: number; red: number };
const five = (c: Counts) => [c.total, c.completed, c.green, c.amber, c.red];

export const boardSummaryCommand: CliCommand = {
  name: 'board-summary',
  summary: 'RAG counts per portfolio (the board paper table), with --items drill-down',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...serverOptions,
        ...reportedOnOption,
        'as-of': { type: 'string' },
        'known-at': { type: 'string' },
        inspection: { type: 'string' },
        items: { type: 'boolean' },
      },
      strict: true,
    });
    const time = timeOptions(values);
    const target = serverTarget(values, io.env);
    const inspectionId = values.inspection ? await resolveInspection(target, values.inspection) : undefined;
    const body = await getJson(target, '/board-summary', {
      ...time,
      inspectionId,
      items: values.items ? 'all' : undefined,
      // The paper's table is per portfolio; without --inspection the server would answer a
      // line per inspection.
      by: 'portfolio',
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    // With --items the answer carries the lists too: its own schema.
    const full = values.items ? expectShape(BoardSummaryResult, body, 'board summary') : null;
    const s = full ?? expectShape(BoardCountsResult, body, 'board summary');
    io.stdout.write(reportLine(s.report));
    io.stdout.write(`Board summary as of ${s.asOf}, known at ${s.knownAt}\n\n`);
    const head = [
      'portfolio',
      'R total',
      'R done',
      'R green',
      'R amber',
      'R red',
      'AFI total',
      'AFI done',
      'AFI green',
      'AFI amber',
      'AFI red',
    ];
    const rows = s.portfolios.map((p) => [
      p.portfolio ?? p.planId,
      ...five(p.recommendations),
      ...five(p.areasForImprovement),
    ]);
    rows.push(['All portfolios', ...five(s.overall.recommendations), ...five(s.overall.areasForImprovement)]);
    io.stdout.write(`${renderTable(head, rows)}\n`);
    if (full) {
      for (const p of full.portfolios) {
        for (const [row, counts] of [
          ['Recommendations', p.recommendations],
          ['AFIs', p.areasForImprovement],
        ] as const) {
          for (const [column, list] of Object.entries(counts.items)) {
            if (list.length === 0) continue;
            io.stdout.write(
              `\n${p.portfolio ?? p.planId} / ${row} / ${column}: ${list.map((i) => i.ref).join(', ')}`,
            );
          }
        }
      }
      io.stdout.write('\n');
    }
    return EXIT.ok;
  },
};
