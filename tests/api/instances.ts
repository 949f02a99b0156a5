import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { KeyStore } from '../../src/auth/key-store.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openStore, type StoreConfig } from '../../src/store/open-store.js';
import { tempDir } from '../store/factories.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** One `src/server.ts` process listening on loopback. */
export interface Instance {
  name: string;
  url: string;
  process: ChildProcess;
  output(): string;
}

/** N server processes on one store, and the store itself for the test's own checks. */
export interface Cluster {
  instances: Instance[];
  store: EventStore;
  config: StoreConfig;
  adminToken: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitUntilHealthy(instance: Instance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${instance.url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (instance.process.exitCode !== null || Date.now() > deadline) {
      throw new Error(`instance ${instance.name} did not become healthy:\n${instance.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `count` real server processes (`node --import tsx src/server.ts`) on one store: a
 * SQLite file in a temp directory, or the EventStoreDB at EVENTSTORE_URL when it is set. Each
 * instance keeps its projection state in a directory of its own (a cache); keys, idempotency
 * records and events are shared through the store.
 */
export async function startCluster(count: number): Promise<Cluster> {
  const { dir, remove } = await tempDir('plan-ledger-instances-');
  const url = process.env.EVENTSTORE_URL;
  const config: StoreConfig = url
    ? { kind: 'eventstoredb', connectionString: url }
    : { kind: 'sqlite', path: join(dir, 'ledger.sqlite') };
  const store = openStore(config);
  // The test's own admin key, made the way `ledger keys create` makes one: an event in the store.
  const keys = await KeyStore.open(store);
  const adminToken = (await keys.create({ name: 'multi-instance test admin', role: 'admin' }, 'test')).token;
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const name = String.fromCharCode(65 + i);
    const port = await freePort();
    const projections = join(dir, `projections-${name}`);
    mkdirSync(projections, { recursive: true });
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts', '--no-sample-data'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        LEDGER_DB: join(dir, 'ledger.sqlite'),
        LEDGER_KEYS_DB: join(dir, 'no-legacy-keys.sqlite'),
        LEDGER_PROJECTIONS_DIR: projections,
        ...(url ? { LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: url } : { LEDGER_STORE: 'sqlite' }),
      },
    });
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      out += String(chunk);
    });
    instances.push({ name, url: `http://127.0.0.1:${port}`, process: child, output: () => out });
  }
  await Promise.all(instances.map((instance) => waitUntilHealthy(instance, 60_000)));
  return {
    instances,
    store,
    config,
    adminToken,
    async close() {
      await Promise.all(
        instances.map(async ({ process: child }) => {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }),
      );
      await store.close();
      await remove();
    },
  };
}

/** A JSON request to one instance. */
export async function call(
  instance: Instance,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; etag: string | null; json(): unknown }> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, etag: response.headers.get('etag'), json: () => JSON.parse(text) };
}
