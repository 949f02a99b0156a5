import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const SERVER = resolve(import.meta.dirname, '../../src/server.ts');
const BIN = resolve(import.meta.dirname, '../../bin/ledger.mjs');

/** The seed the import fault tests use; relative like the other import tests (cwd = project). */
export const SEED_002 = '../shared/seeds/002_b51d5797fa80d023.txt';

export interface Running {
  child: ChildProcess;
  base: string;
  out: string;
}

/** Starts the real server on `db` and resolves once it listens (its port read from its log). */
export function startServer(db: string): Promise<Running> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      env: { ...process.env, LEDGER_DB: db, PORT: '0', LEDGER_SAMPLE_DATA: 'off', LOG_LEVEL: 'info' },
    });
    const running: Running = { child, base: '', out: '' };
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${running.out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      running.out += String(chunk);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(running.out);
      if (match?.[1] && running.base === '') {
        running.base = match[1];
        clearTimeout(timer);
        done(running);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      if (running.base === '') fail(new Error(`server exited ${code}:\n${running.out}`));
    });
  });
}

/** SIGKILLs a child and resolves once it is gone (at once if it already exited). */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

export interface CliRun {
  child: ChildProcess;
  /** stdout and stderr as they arrive. */
  out(): string;
  /** Exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the real `ledger` binary (never against a server: LEDGER_URL is cleared). */
export function ledger(args: string[]): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LEDGER_URL: '', LEDGER_API_KEY: '' },
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => {
    text += String(c);
  });
  child.stderr.on('data', (c: Buffer) => {
    text += String(c);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, out: () => text, exited };
}

/** Runs `ledger ARGS` to its end. */
export async function ledgerDone(args: string[]): Promise<{ code: number | null; out: string }> {
  const run = ledger(args);
  const { code } = await run.exited;
  return { code, out: run.out() };
}

/** Every event in the SQLite file at `db`. */
export async function eventsIn(db: string): Promise<RecordedEvent[]> {
  const store = openSqliteStore({ path: db });
  try {
    return await store.readAll({ limit: 1_000_000 });
  } finally {
    await store.close();
  }
}

/** An event as the import tests compare it: stream and type (ids and times differ per run). */
export const shapeOf = (e: RecordedEvent) => `${e.streamId} ${e.type}`;

/** The sorted shapes of `events`. */
export const shapes = (events: readonly RecordedEvent[]) => events.map(shapeOf).sort();
