import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateCsv } from '../../bench/generator-csv.js';
import { ImportReport } from '../../src/import/record/import-report.js';
import { randomBytes, xlsxBytes, zipBomb } from '../import/hostile/hostile-files.js';
import { type Cluster, type Instance, startCluster } from './instances.js';

/** GET /health every `everyMs` until stopped; the slowest answer and how many were asked. */
function pollHealth(instance: Instance, everyMs = 100) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${instance.url}/health`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`/health answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        polls: sorted.length,
        worstMs: sorted.at(-1) ?? 0,
        medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      };
    },
  };
}

async function postImport(cluster: Cluster, instance: Instance, body: Record<string, unknown>) {
  const response = await fetch(`${instance.url}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

const Problem = z.looseObject({ detail: z.string() });

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('the server answers /health throughout an import (a real server process on loopback)', () => {
  let cluster: Cluster;
  let server: Instance;
  beforeAll(async () => {
    cluster = await startCluster(1);
    const first = cluster.instances[0];
    if (!first) throw new Error('no instance');
    server = first;
  }, 90_000);
  afterAll(async () => cluster?.close());

  it('given a generated CSV of 5,000 rows (6 MB), when imported over HTTP, then /health keeps answering while it runs (median under 100 ms, every answer under 1.5 s)', async () => {
    const csv = generateCsv(5_000, 'health');
    const health = pollHealth(server);
    const started = performance.now();
    const answer = await postImport(cluster, server, { fileName: 'big.csv', content: csv });
    const importMs = performance.now() - started;
    const { polls, worstMs, medianMs } = await health.stop();
    console.info(
      `5,000-row CSV (${Math.round(csv.length / 1024)} KB) imported over HTTP in ${Math.round(importMs)} ms; /health polled ${polls} times meanwhile, median ${Math.round(medianMs)} ms, slowest ${Math.round(worstMs)} ms`,
    );
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(201);
    expect(ImportReport.parse(answer.body).events.appended).toBeGreaterThan(5_000);
    // The import lasted long enough for the polls to mean something.
    expect(polls).toBeGreaterThan(importMs / 1000);
    // Read and planned on the import thread, its answer taken in one piece per turn, decided in
    // 20 ms slices and appended in shared commits of at most 1,024 events: no step of the import
    // holds the loop long. Measured on the 2-core CI machine shared by 7 sessions (load average
    // 14-16): slowest poll 460-704 ms, median 13-37 ms; before the piece-per-turn answer and the
    // shared commits, 0.9-4.3 s (the pieces all taken in by one callback). What remains at that
    // load is the body's JSON parse, GC, the presented snapshot's digest and one commit, each a
    // few tens of ms of CPU stretched by a machine giving this process a fraction of a core
    // (tools/import-pauses.ts names them). Bound: 1.5 s, twice the worst seen at load 16 (it was
    // min(5 s, import/4)); on a quiet machine the slowest poll is well under it.
    expect(medianMs).toBeLessThan(100);
    expect(worstMs).toBeLessThan(1_500);
  }, 300_000);

  it.each([
    [
      'a workbook cut in half',
      async () => {
        const good = await xlsxBytes((s) => {
          s.getCell('A1').value = 'Ref';
        });
        return good.slice(0, Math.floor(good.length / 2));
      },
      400,
      /not a readable XLSX workbook/,
    ],
    ['random bytes named .xlsx', async () => randomBytes(64 * 1024), 400, /not a readable XLSX workbook/],
    [
      'a zip bomb unpacking to 512 MB',
      async () => zipBomb(512 * 1024 * 1024, 1024),
      400,
      /unpacks to more than/,
    ],
    [
      'one cell at GR200000',
      () =>
        xlsxBytes((s) => {
          s.getCell('A1').value = 'Ref';
          s.getCell('GR200000').value = 'far';
        }),
      400,
      /row 200000: more than 50,000 rows/,
    ],
    ['an empty .xlsx', async () => new Uint8Array(), 400, /not a readable XLSX workbook/],
  ])(
    'given %s posted as XLSX, then a 4xx problem+json naming the problem, /health answering throughout',
    async (_what, make, status, detail) => {
      const bytes = await make();
      const health = pollHealth(server, 20);
      const answer = await postImport(cluster, server, {
        fileName: 'upload.xlsx',
        contentBase64: base64(bytes),
      });
      const { worstMs } = await health.stop();
      expect(answer.status).toBe(status);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(Problem.parse(answer.body).detail).toMatch(detail);
      // Refused in well under 100 ms on a quiet machine; single /health pauses of 0.5-0.7 s were
      // seen only with the machine's two cores shared by a 1M benchmark. Inflating the bomb or
      // allocating the far cell's grid would hold the loop for many seconds.
      expect(worstMs).toBeLessThan(2_000);
      // The server is still up and whole.
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    },
    60_000,
  );

  it('given random bytes and an empty file posted as text, then 422 "holds no improvement plan"', async () => {
    for (const [fileName, bytes] of [
      ['garbage.csv', randomBytes(4096)],
      ['empty.txt', new Uint8Array()],
    ] as const) {
      const answer = await postImport(cluster, server, { fileName, contentBase64: base64(bytes) });
      expect(answer.status).toBe(422);
      expect(ImportReport.parse(answer.body).failures[0]?.rule).toBe('import.no_plan');
    }
  }, 60_000);
});
