import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * docker-compose.yml is checked two ways: against the Compose Specification's JSON schema
 * (vendored beside this test, always runs: CI has no container engine), and with the compose
 * CLI's own `config` when one is installed (it parses and validates without an engine).
 */
const composePath = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const schemaPath = fileURLToPath(new URL('./compose-spec.schema.json', import.meta.url));
const compose: unknown = parse(readFileSync(composePath, 'utf8'), { merge: true });

const Service = z.looseObject({
  image: z.string().optional(),
  build: z.string().optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  profiles: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z.looseObject({ test: z.array(z.string()) }).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
});
const ComposeFile = z.looseObject({
  services: z.record(z.string(), Service),
  volumes: z.record(z.string(), z.unknown().nullable()),
});

/** The first compose CLI found: the plugin (`docker compose`) or the standalone tool. */
function composeCli(): { command: string; prefix: string[] } | null {
  for (const candidate of [
    { command: 'docker', prefix: ['compose'] },
    { command: 'docker-compose', prefix: [] },
  ]) {
    const probe = spawnSync(candidate.command, [...candidate.prefix, 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

/**
 * The schema's `$schema` says draft-07 by an https URI Ajv does not have registered, so the
 * meta-validation is skipped (validateSchema: false); validating documents is unaffected.
 */
function compileSchema() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

describe('docker-compose.yml', () => {
  const file = ComposeFile.parse(compose);
  const services = file.services;

  it('given the compose specification schema, when validated, then the file conforms', () => {
    const validate = compileSchema();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('given the schema, when a broken file is validated, then it is rejected (the check can fail)', () => {
    const validate = compileSchema();
    expect(validate({ services: { ledger: { image: 'x', depends_on: 7 } } })).toBe(false);
    expect(validate({ services: { ledger: { imagee: 'x' } } })).toBe(false);
  });

  it('given the profiles, then every service is in exactly one, and "single" is the default', () => {
    // Without a profile a service would also start under --profile cluster (a second, insecure node)
    for (const [name, service] of Object.entries(services)) expect(service.profiles, name).toHaveLength(1);
    const inProfile = (p: string) =>
      new Set(Object.entries(services).flatMap(([name, s]) => (s.profiles?.includes(p) ? [name] : [])));
    expect([...inProfile('single')].sort()).toEqual(['eventstore', 'ledger']);
    expect(inProfile('cluster').has('eventstore')).toBe(false);
    const dotEnv = readFileSync(fileURLToPath(new URL('../../.env', import.meta.url)), 'utf8');
    expect(dotEnv).toMatch(/^COMPOSE_PROFILES=single$/m);
  });

  it('given the ledgers, then they run the image the Dockerfile builds, never npm ci at start', () => {
    const ledgers = ['ledger', 'ledger-a', 'ledger-b', 'ledger-c'].map(
      (n) => services[n] ?? expect.unreachable(),
    );
    for (const ledger of ledgers) {
      expect(ledger.build).toBe('.');
      expect(JSON.stringify(ledger)).not.toContain('npm ci');
      expect(ledger.volumes?.some((v) => v.startsWith('.:'))).toBe(false);
    }
  });

  it('given the default profile, then one insecure node and the ledger pointed at it, with health checks', () => {
    const node = services.eventstore ?? expect.unreachable();
    expect(node.profiles).toEqual(['single']);
    expect(node.image).toMatch(/^eventstore\/eventstore:/);
    expect(node.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_INSECURE: 'true' });
    expect(node.healthcheck?.test.join(' ')).toContain('/health/live');
    const ledger = services.ledger ?? expect.unreachable();
    expect(ledger.environment).toMatchObject({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
    });
    expect(ledger.depends_on?.eventstore?.condition).toBe('service_healthy');
  });

  it('given the cluster profile, then three TLS nodes seeded by gossip and a ledger using all three', () => {
    const nodes = ['esdb-node1', 'esdb-node2', 'esdb-node3'].map(
      (name) => services[name] ?? expect.unreachable(),
    );
    for (const [i, node] of nodes.entries()) {
      expect(node.profiles).toEqual(['cluster']);
      expect(node.environment).toMatchObject({
        EVENTSTORE_CLUSTER_SIZE: '3',
        EVENTSTORE_CERTIFICATE_FILE: `/certs/node${i + 1}/node.crt`,
        EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS: `esdb-node${i + 1}`,
      });
      expect(node.environment?.EVENTSTORE_INSECURE).toBeUndefined();
      const seeds = node.environment?.EVENTSTORE_GOSSIP_SEED?.split(',') ?? [];
      expect(seeds).toHaveLength(2);
      expect(seeds.join()).not.toContain(node.environment?.EVENTSTORE_REPLICATION_IP ?? 'none');
      expect(node.depends_on?.certs?.condition).toBe('service_completed_successfully');
      expect(node.healthcheck?.test.join(' ')).toContain('https://localhost:2113/health/live');
    }
    expect(services.certs?.image).toMatch(/^eventstore\/es-gencert-cli:/);
  });

  it('given the cluster profile, then three ledgers log in as the ledger user, behind one proxy', () => {
    for (const name of ['ledger-a', 'ledger-b', 'ledger-c']) {
      const ledger = services[name] ?? expect.unreachable();
      expect(ledger.profiles).toEqual(['cluster']);
      const url = ledger.environment?.EVENTSTORE_URL ?? '';
      // Credentials: secure nodes refuse anonymous access since 23.10
      expect(url).toMatch(
        /^esdb:\/\/ledger:\$\{LEDGER_ESDB_PASSWORD:-[^}]+\}@esdb-node1:2113,esdb-node2:2113,esdb-node3:2113\?tls=true/,
      );
      expect(ledger.depends_on?.['esdb-setup']?.condition).toBe('service_completed_successfully');
      expect(new Set(ledger.volumes?.map((v) => v.split(':')[0])).size).toBe(ledger.volumes?.length);
    }
    const dataVolumes = ['ledger-a', 'ledger-b', 'ledger-c'].map((n) =>
      services[n]?.volumes?.find((v) => v.endsWith(':/data')),
    );
    expect(new Set(dataVolumes).size).toBe(3);
    const proxy = services.proxy ?? expect.unreachable();
    const command = z.array(z.string()).parse(proxy.command);
    for (const name of ['ledger-a', 'ledger-b', 'ledger-c']) {
      expect(command).toContain(`${name}:3000`);
      expect(proxy.depends_on?.[name]?.condition).toBe('service_healthy');
    }
    const setup = services['esdb-setup'] ?? expect.unreachable();
    expect(setup.environment?.LEDGER_ESDB_PASSWORD).toBeDefined();
    expect(
      readFileSync(fileURLToPath(new URL('../../deploy/esdb-setup.sh', import.meta.url)), 'utf8'),
    ).toContain('%24%24%24all');
  });

  it('given the data services, then their data lives in named volumes that survive `down`', () => {
    const named = new Set(Object.keys(file.volumes));
    const dataMounts = ['eventstore', 'esdb-node1', 'esdb-node2', 'esdb-node3'].map((name) =>
      (services[name]?.volumes ?? []).find((v) => v.endsWith(':/var/lib/eventstore')),
    );
    for (const mount of dataMounts) {
      expect(mount).toBeDefined();
      expect(named.has(mount?.split(':')[0] ?? '')).toBe(true);
    }
  });

  const cli = composeCli();
  it.skipIf(!cli)(
    'given a compose CLI, when asked for the config of every profile, then it accepts the file',
    () => {
      if (!cli) return;
      for (const [profileArgs, has, hasNot] of [
        [[], 'ledger', 'ledger-a'],
        [['--profile', 'cluster'], 'ledger-a', 'eventstore'],
      ] as const) {
        const out = execFileSync(
          cli.command,
          [...cli.prefix, '-f', composePath, ...profileArgs, 'config', '--services'],
          { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
        );
        const listed = out.trim().split('\n');
        expect(listed).toContain(has);
        expect(listed).not.toContain(hasNot);
      }
    },
  );
});
