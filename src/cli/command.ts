import type { ExitCode } from './exit-codes.js';

/** Where a subcommand writes; the real process streams, or buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * One `ledger` subcommand, in its own file under commands/. To add one (e.g. `import`,
 * `migrate`), export a `CliCommand` and add it to the list in main.ts.
 */
export interface CliCommand {
  name: string;
  /** One line for `ledger --help`. */
  summary: string;
  /** The full usage text for `ledger <name> --help`. */
  usage: string;
  /** Runs with the arguments after the subcommand name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<ExitCode>;
}
