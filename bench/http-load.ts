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
  /**
   * Ask exactly this many requests, each a path of its own: `paths[from]`, `paths[from + 1]`, …
   * (never cycled; running past the end is an error), instead of cycling for `durationSeconds`.
   * The rate is then the responses over the time from the start to the last response.
   */
  distinct?: { from: number; amount: number };
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
  /** Paths taken from `paths` (set up, whether or not answered): with `distinct`, the next round starts this far on. */
  asked: number;
  /** Mean bytes read per 2xx response (headers and body). */
  bytesPerResponse: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  throughput: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}
interface AutocannonRequest {
  setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string) => void;
}
/** The run, which is also an event emitter of each response (`response`). */
type AutocannonRun = Promise<AutocannonResult> & { on(event: 'response', listener: () => void): void };
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  amount?: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
}) => AutocannonRun;

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
  const distinct = input.distinct;
  if (distinct && distinct.from + distinct.amount > input.paths.length)
    throw new Error(
      `distinct: ${distinct.amount} paths from ${distinct.from} run past the ${input.paths.length} given`,
    );
  const pathAt = (n: number) => {
    if (!distinct) return input.paths[n % input.paths.length];
    // A request set up past the amount (autocannon may prepare one it never sends) must still
    // not repeat a path; past the end of the list it is an error, not a cycle.
    const path = input.paths[distinct.from + n];
    if (path === undefined)
      throw new Error(`distinct: path ${distinct.from + n} asked, ${input.paths.length} given`);
    return path;
  };
  const started = performance.now();
  let lastResponse = started;
  const running = autocannon({
    url: input.url,
    connections: input.connections,
    duration: input.durationSeconds,
    ...(distinct ? { amount: distinct.amount } : {}),
    headers: input.headers,
    requests: [
      {
        setupRequest: (request) => {
          const n = next++;
          const path = pathAt(n);
          const body = input.bodies?.[n % input.bodies.length];
          if (body === undefined) return { ...request, path };
          const headers = { ...input.headers, 'content-type': 'application/json' };
          return { ...request, path, method: 'POST', body, headers };
        },
        ...(input.acknowledgedEvents ? { onResponse } : {}),
      },
    ],
  });
  // autocannon's own average is over whole seconds; a run of a set amount ends within one.
  if (distinct)
    running.on('response', () => {
      lastResponse = performance.now();
    });
  const result = await running;
  const ok = result['2xx'];
  const output: LoadOutput = {
    requestsPerSecond: distinct
      ? result.requests.total / ((lastResponse - started) / 1000)
      : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    ok,
    ...(input.acknowledgedEvents ? { acknowledged } : {}),
    asked: next,
    bytesPerResponse: ok > 0 ? result.throughput.total / ok : 0,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
