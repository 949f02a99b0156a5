import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ExportFormat, ExportKind } from '../../exports/export-data.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { getFile, serverTarget } from '../http-client.js';
import { resolveInspection, resolvePlan } from '../resolve.js';
import { timeOptions } from '../time-options.js';

const usage = `ledger export: a plan, every plan, the board summary or the board pack as a file

Usage: ledger export <plan|snapshot|board-summary|board-pack> [<portfolio or plan id>]
         --format csv|xlsx|json|html|pdf --out FILE
         [--inspection <title or id>] [--as-of YYYY-MM-DD] [--known-at <date or instant>]

  plan <portfolio>       one plan ("Territorial Policing", any case, or its id)
  snapshot               every plan; board-summary: the table; board-pack: everything a board gets
  --format <format>      csv, xlsx or json; the board pack also html or pdf
  --out <file>           where to write it ("-" writes csv, json or html to standard output)
  --as-of, --known-at    the time point, as for \`ledger plan\`: --as-of D --known-at D is what
                         the board saw on D, and the file then names the report it reproduces
Every file states its time point, the report it reproduces and the ledger digest.
  --url <url>     the ledger server (default $LEDGER_URL or http://127.0.0.1:3000)
  --key <key>     API key (default $LEDGER_API_KEY); a viewer key is enough`;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write a plan, snapshot, board summary or board pack as CSV, XLSX, JSON, HTML or PDF',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        inspection: { type: 'string' },
        'as-of': { type: 'string' },
        'known-at': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [kindText, planText] = positionals;
    const kind = ExportKind.safeParse(kindText);
    if (!kind.success) {
      throw usageError(`export needs what to export: one of ${ExportKind.options.join(', ')}.`);
    }
    const format = ExportFormat.safeParse(values.format);
    if (!format.success) {
      throw usageError(
        `--format ${values.format ?? '(missing)'}: use one of ${ExportFormat.options.join(', ')}.`,
      );
    }
    if (values.out === undefined)
      throw usageError('--out FILE is required (or --out - for standard output).');
    if (values.out === '-' && (format.data === 'xlsx' || format.data === 'pdf')) {
      throw usageError(`${format.data} is a binary file: write it with --out FILE.`);
    }
    if (kind.data === 'plan' && planText === undefined) {
      throw usageError(
        'export plan needs the plan: ledger export plan "Territorial Policing" --format xlsx --out tp.xlsx',
      );
    }
    const time = timeOptions(values);
    const target = serverTarget(values, io.env);
    const inspectionId = values.inspection ? await resolveInspection(target, values.inspection) : undefined;
    const planId = planText === undefined ? undefined : await resolvePlan(target, planText, inspectionId);
    const { bytes, headers } = await getFile(target, `/exports/${kind.data}`, {
      format: format.data,
      ...time,
      inspectionId: kind.data === 'plan' ? undefined : inspectionId,
      planId,
    });
    if (values.out === '-') {
      io.stdout.write(bytes.toString('utf8'));
      return EXIT.ok;
    }
    try {
      await writeFile(values.out, bytes);
    } catch (error) {
      throw new CliError(
        `Cannot write ${values.out}: ${error instanceof Error ? error.message : String(error)}. Choose a file in a folder you can write to.`,
        EXIT.failure,
      );
    }
    const report = headers.get('x-ledger-report');
    io.stderr.write(
      `Wrote ${values.out} (${bytes.length} bytes): as of ${headers.get('x-ledger-as-of')}, known at ${headers.get('x-ledger-known-at')}` +
        `${report ? `, reproducing board report ${report}` : ''}; ledger digest ${headers.get('x-ledger-digest')}.\n`,
    );
    return EXIT.ok;
  },
};
