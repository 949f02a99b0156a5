import type { CliCommand, CliIo } from './command.js';
import { boardSummaryCommand } from './commands/board-summary.js';
import { exportBundleCommand, verifyBundleCommand } from './commands/bundle.js';
import { changesCommand } from './commands/changes.js';
import { digestCommand } from './commands/digest.js';
import { eventsCommand } from './commands/events.js';
import { exportCommand } from './commands/export.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { planCommand } from './commands/plan.js';
import { rebuildCommand } from './commands/rebuild.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';

/** Every subcommand, in `--help` order. New ones (import, migrate) are added here. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  planCommand,
  historyCommand,
  boardSummaryCommand,
  changesCommand,
  exportCommand,
  eventsCommand,
  importCommand,
  keysCommand,
  rebuildCommand,
  migrateCommand,
  verifyCommand,
  digestCommand,
  exportBundleCommand,
  verifyBundleCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `ledger: the Plan Ledger command line

Usage: ledger <command> [options]     ledger <command> --help for its options

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Exit codes: 0 ok, 1 failure, 2 usage error, 3 not found, 4 conflict, 5 auth (no/bad key or role too low)
`;
}

/** Runs one command line; never throws, always resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}". Run \`ledger --help\` for the list.\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`ledger ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // util.parseArgs rejects unknown options and missing values with these codes.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`ledger ${name}: ${error.message}\nRun \`ledger ${name} --help\` for its options.\n`);
      return EXIT.usage;
    }
    io.stderr.write(`ledger ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

// Run only as the program (`tsx src/cli/main.ts`, i.e. `npm run ledger`); bin/ledger.mjs and
// tests import runCli instead.
if (process.argv[1] !== undefined && /[\\/]src[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
