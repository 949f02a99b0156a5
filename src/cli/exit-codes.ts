/**
 * What `ledger` exits with; scripts branch on these, so they are part of the contract
 * (documented in docs/architecture.md and `ledger --help`).
 */
export const EXIT = {
  ok: 0,
  /** Anything else that went wrong (server unreachable, server error, a rule refused the change). */
  failure: 1,
  /** The command line was wrong (unknown command or option, bad value), or the server rejected the input. */
  usage: 2,
  /** The plan, item, key or route does not exist. */
  notFound: 3,
  /** Someone else changed it first (revision conflict). */
  conflict: 4,
  /** No key, a bad or revoked key, or a role that may not do this. */
  auth: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one message (what went wrong, then what to do next) and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
