import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { logIndex } from '../../../projections/runtime/log-index.js';
import type { Actor } from '../../domain/envelope.js';
import { BusinessDate } from '../../domain/fields.js';
import { readDocument } from '../../import/read/read-document.js';
import type { DecidedImport } from '../../import/record/decide-plan.js';
import { renderReport } from '../../import/record/import-report.js';
import { runImport } from '../../import/record/run-import.js';
import { openStore, storeConfigFromEnv, storeConfigFromTarget } from '../../store/open-store.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT, type ExitCode, usageError } from '../exit-codes.js';
import { type Progress, startProgress } from '../progress.js';

const usage = `ledger import: import improvement plans (seed text exports, CSV/TSV, XLSX) into the ledger

Usage: ledger import FILE... [--dry-run] [--json] [--db <file.sqlite|esdb://…>] [--inspection <title>]
                     [--board <name>] [--board-date YYYY-MM-DD] [--no-corrections] [--progress] [--quiet]

  --dry-run      read and decide everything, append nothing; prints the plan (every stream and
                 the events it would get) and the report
  --json         machine output on stdout, exactly one JSON document:
                   with --dry-run: the parsed document (src/import/parsed-document.ts) for one
                   FILE, {"documents": [ … ]} in FILE order for several;
                   without: the import report (src/import/record/import-report.ts) for one FILE,
                   {"reports": [ … ]} for several
  --db           the store (default: LEDGER_STORE / LEDGER_DB / EVENTSTORE_URL)
  --inspection   inspection title for table files without an Inspection column
  --board        the board the paper went to, when it does not say (REPORT TO:)
  --board-date   the date it was presented, when it does not say (DATE:); else the latest
                 date the paper holds. The report says which it used.
  --no-corrections
                 refuse a file that states a fact differently from what the ledger holds for
                 the same date (another text for a dated update or response, another RAG that
                 day, an earlier completion date): one message per difference, naming its line
                 and column, and nothing is appended. Without it each difference is recorded
                 as a correction of the held entry (listed in the report; the original stays).

Every imported paper is recorded as a report presented to its board: "what the board saw" on
its date (ledger board-summary --reported-on D) is the paper as imported, with a digest of it.

Each FILE is one all-or-nothing import: if any of its rows is refused, none of its events is
appended. Importing the same content again (under any name) appends nothing. Every event's actor
is you (method "import"); its correlation id is the import id in the report. Exit 1 if a file
failed, 4 if an import was interrupted (run it again to complete it).`;

function cliActor(env: NodeJS.ProcessEnv): Actor {
  let name = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (containers): keep the environment's name.
  }
  return { id: `cli:${name}`.slice(0, 200), method: 'import', requestId: null, claimedName: null };
}

/** The dry run's plan for people: every stream that would change and the events it would get. */
function renderPlan(decided: DecidedImport): string {
  const lines = decided.streams.map((s) => {
    const types = s.events.map((e) => `${e.type}@${e.effectiveOn}`).join(', ');
    return `  ${s.label} (${s.events.length}): ${types}`;
  });
  return lines.length === 0 ? '  (nothing new)\n' : `${lines.join('\n')}\n`;
}

/** A file that cannot be read, in the words of the person who named it. */
function unreadable(file: string, error: unknown): Error {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT')
    return new CliError(`${file} does not exist: check the file name and folder`, EXIT.failure);
  if (code === 'EISDIR')
    return new CliError(`${file} is a folder, not a file: name the plan file inside it`, EXIT.failure);
  if (code === 'EACCES') return new CliError(`${file} cannot be opened (permission denied)`, EXIT.failure);
  return error instanceof Error ? error : new Error(String(error));
}

/** `ledger import FILE...`: the CLI face of src/import/record/run-import.ts. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import improvement plans (text exports, CSV/TSV, XLSX); --dry-run, --json, a report',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        db: { type: 'string' },
        inspection: { type: 'string' },
        board: { type: 'string' },
        'board-date': { type: 'string' },
        'no-corrections': { type: 'boolean' },
        progress: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) throw usageError('name at least one FILE to import');
    const boardDate = values['board-date'];
    if (boardDate !== undefined && !BusinessDate.safeParse(boardDate).success) {
      throw usageError(`--board-date must be a calendar date YYYY-MM-DD (got "${boardDate}")`);
    }
    const dryRun = values['dry-run'] ?? false;
    const json = values.json ?? false;
    const store = openStore(values.db ? storeConfigFromTarget(values.db) : storeConfigFromEnv(io.env));
    const documents: unknown[] = [];
    const reports: unknown[] = [];
    let exit: ExitCode = EXIT.ok;
    const log = logIndex(store);
    try {
      for (const file of positionals) {
        // Progress goes to stderr; --quiet silences it, as does a --json run in a pipe. Each bar
        // starts once its total is known, so it reads "12/34 lines of plan.txt read (35%)".
        const bars = new Map<string, Progress>();
        const show = (label: string, one: string, done: number, total: number) => {
          let bar = bars.get(label);
          if (!bar) {
            bar = startProgress({
              label,
              one,
              total,
              stream: io.stderr,
              force: values.progress ?? false,
              quiet: values.quiet ?? false,
            });
            bars.set(label, bar);
          }
          bar.update(done);
        };
        const readLabel = `lines of ${basename(file)} read`;
        const document = await readDocument(file, {
          ...(values.inspection === undefined ? {} : { inspection: values.inspection }),
          onProgress: (done, total) => show(readLabel, `line of ${basename(file)} read`, done, total),
        }).catch((error: unknown) => {
          throw unreadable(file, error);
        });
        bars.get(readLabel)?.finish();
        bars.delete(readLabel);
        const outcome = await runImport(store, document, {
          actor: cliActor(io.env),
          dryRun,
          board: values.board,
          boardDate,
          refuseCorrections: values['no-corrections'] ?? false,
          // One index over the log for the whole run, caught up before and after each paper.
          snapshotDigest: log.digest,
          listedItems: log.itemsListedIn,
          onProgress: (phase, done, total) =>
            phase === 'read'
              ? show('ledger records read', 'ledger record read', done, total)
              : show('ledger records written', 'ledger record written', done, total),
        });
        for (const bar of bars.values()) bar.finish();
        const { report } = outcome;
        if (report.status === 'failed' && exit === EXIT.ok) exit = EXIT.failure;
        if (report.status === 'interrupted') exit = EXIT.conflict;
        if (json) {
          documents.push(document);
          reports.push(report);
          continue;
        }
        if (dryRun) io.stdout.write(`plan for ${document.source}:\n${renderPlan(outcome.decided)}`);
        io.stdout.write(renderReport(report));
      }
    } finally {
      await store.close();
    }
    if (json) {
      const many = positionals.length > 1;
      const body = dryRun ? (many ? { documents } : documents[0]) : many ? { reports } : reports[0];
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    }
    return exit;
  },
};
