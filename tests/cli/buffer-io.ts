import type { CliIo } from '../../src/cli/command.js';

/** Buffers stdout and stderr, as a pipe would (not a terminal). */
export function bufferIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t), isTTY: false },
    env: {},
    out: () => out,
    err: () => err,
  };
}
