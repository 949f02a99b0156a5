import { createRequire } from 'node:module';

/**
 * The load generator, run as its own process so it does not share an event loop with the
 * server it measures (it still shares the machine's two cores: see docs/performance.md).
 * Input: one JSON argument; output: one JSON line on stdout.
 */
export interface LoadInput {
  url: string;
  /** Paths cycled through, one per request (random plans and dates, precomputed). */
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadOutput {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
interface AutocannonRequest {
  setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the slice of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '') as LoadInput;
  let next = 0;
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: input.durationSeconds,
    headers: input.headers,
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: input.paths[next++ % input.paths.length] }),
      },
    ],
  });
  const output: LoadOutput = {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
