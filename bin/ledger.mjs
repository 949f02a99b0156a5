#!/usr/bin/env node
// The `ledger` command: registers tsx so the TypeScript sources run directly (no build step),
// then hands over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
