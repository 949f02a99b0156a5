import { createRequire } from 'node:module';

/**
 * The load generator, run as its own process so it does not share an event loop with the
 * server it measures (it still shares the machine's cores, so its own CPU is taken from the server's).
 * Input: one JSON document on stdin; output: one JSON line on stdout.
 */
export interface LoadInput {
  url: string;
  /** Paths cycled through, one per request (random plans and dates, precomputed). */
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** POST these JSON bodies (cycled with the paths) instead of GETs. */
  bodies?: string[];
  /** Commands: report the event ids every 201 answer names (`events[].eventId`), to check them stored. */
  acknowledgedEvents?: boolean;
}

export interface LoadOutput {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** Responses with a 2xx status (for commands: acknowledged). */
  ok: number;
  /** With `acknowledgedEvents`: the event ids of every 201 answer, in no particular order. */
  acknowledged?: string[];
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}
interface AutocannonRequest {
  setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string) => void;
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
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  const input = JSON.parse(text) as LoadInput;
  let next = 0;
  const acknowledged: string[] = [];
  const onResponse = (status: number, body: string) => {
    if (status !== 201) return;
    // Bench input from this repository's own server: the CommandAccepted shape.
    const answer = JSON.parse(body) as { events: { eventId: string }[] };
    for (const event of answer.events) acknowledged.push(event.eventId);
  };
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: input.durationSeconds,
    headers: input.headers,
    requests: [
      {
        setupRequest: (request) => {
          const n = next++;
          const path = input.paths[n % input.paths.length];
          const body = input.bodies?.[n % input.bodies.length];
          if (body === undefined) return { ...request, path };
          const headers = { ...input.headers, 'content-type': 'application/json' };
          return { ...request, path, method: 'POST', body, headers };
        },
        ...(input.acknowledgedEvents ? { onResponse } : {}),
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
    ok: result['2xx'],
    ...(input.acknowledgedEvents ? { acknowledged } : {}),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
