import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

const usage = `ledger serve: run the ledger's HTTP API (and dashboard) until interrupted

Usage: ledger serve [--port 3000] [--host 127.0.0.1] [--db ./data/ledger.sqlite] [--keys-db <file>] [--no-sample-data]

  --port <n>          port to listen on (default $PORT or 3000)
  --host <addr>       address to bind (default $HOST or 127.0.0.1: loopback only)
  --db <file>         the SQLite ledger (default $LEDGER_DB or ./data/ledger.sqlite)
  --keys-db <file>    a key file of an older version, moved into the store on start
                      (default $LEDGER_KEYS_DB or keys.sqlite beside the ledger)
  --no-sample-data    start with an empty ledger instead of the sample plan

On the first start with no keys, an admin key is created and printed once: store it.`;

/**
 * Runs src/server.ts, the one place that opens the store and listens: the options become the
 * environment variables it reads, so `ledger serve` and `npm start` cannot drift apart.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the HTTP API on this machine',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'keys-db': { type: 'string' },
        'no-sample-data': { type: 'boolean' },
      },
      strict: true,
    });
    if (values.port !== undefined) io.env.PORT = values.port;
    if (values.host !== undefined) io.env.HOST = values.host;
    if (values.db !== undefined) io.env.LEDGER_DB = values.db;
    if (values['keys-db'] !== undefined) io.env.LEDGER_KEYS_DB = values['keys-db'];
    if (values['no-sample-data']) io.env.LEDGER_SAMPLE_DATA = 'off';
    // The server keeps the process alive by listening, and exits itself on failure or signal.
    await import('../../server.js');
    return EXIT.ok;
  },
};
