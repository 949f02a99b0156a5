import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../store/factories.js';

/** `npm start` as a new user runs it, on an empty data directory, once it listens. */
export interface StartedLedger {
  baseUrl: string;
  /** The admin key the first start prints once. */
  adminKey: string;
  /** Everything the server has printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `npm start` on a fresh temporary data directory and waits for its key and address. */
export async function startNpmLedger(prefix: string): Promise<StartedLedger> {
  const dir = await tempDir(prefix);
  const server: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '0', LEDGER_DB: join(dir.dir, 'ledger.sqlite'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await dir.remove();
  };
  const found = await new Promise<{ baseUrl: string; adminKey: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const key = /(plk_[A-Za-z0-9_-]+)/.exec(output);
      const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(output);
      if (key?.[1] && url?.[1]) resolve({ adminKey: key[1], baseUrl: url[1] });
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { ...found, output: () => output, stop };
}
