import { z } from 'zod';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';

/** The options every read command shares: where the server is and which key to use. */
export const serverOptions = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const SERVER_USAGE = `  --url <url>     the ledger server (default $LEDGER_URL or http://127.0.0.1:3000)
  --key <key>     API key (default $LEDGER_API_KEY); a viewer key is enough to read
  --json          print the server's JSON instead of a table`;

const Problem = z.looseObject({
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

function exitFor(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 412) return EXIT.conflict;
  if (status === 400) return EXIT.usage;
  return EXIT.failure;
}

/** What to do next, by status: every error the CLI prints ends with a way forward. */
function nextStep(status: number): string {
  switch (status) {
    case 401:
      return 'Pass a valid key with --key or LEDGER_API_KEY (an admin creates one with `ledger keys create`).';
    case 403:
      return 'Ask an admin for a key with a role that may do this (`ledger keys create --role ...`).';
    case 404:
      return 'Check the name or id (`ledger plan` lists plans with their ids; refs such as AFI.10 and unique id prefixes work too).';
    case 409:
      return 'Someone changed it first: read it again and retry.';
    case 429:
      return 'Too many requests: wait a minute and retry.';
    default:
      return status >= 500
        ? 'The server failed; see its log for the request id above.'
        : 'Fix the input and retry.';
  }
}

export interface ServerTarget {
  url: string;
  key: string | null;
}

export function serverTarget(
  values: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv,
): ServerTarget {
  const url = (values.url ?? env.LEDGER_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new CliError(`--url ${url} is not an http(s) URL, e.g. http://127.0.0.1:3000`, EXIT.usage);
  const key = values.key ?? env.LEDGER_API_KEY ?? null;
  return { url, key: key === '' ? null : key };
}

/**
 * GETs a resource. A problem document becomes a CliError with its detail, each bad field,
 * and the next step; an unreachable server says how to start one.
 */
async function fetchOk(
  target: ServerTarget,
  path: string,
  query: Record<string, string | number | undefined>,
  accept: string,
): Promise<Response> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.size > 0 ? `?${params.toString()}` : '';
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}${qs}`, {
      headers: { accept, ...(target.key ? { authorization: `Bearer ${target.key}` } : {}) },
    });
  } catch {
    throw new CliError(
      `Cannot reach the ledger at ${target.url}. Start it with \`ledger serve\`, or point --url (or LEDGER_URL) at a running server.`,
      EXIT.failure,
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  const problem = Problem.safeParse(body);
  const detail = problem.success && problem.data.detail ? problem.data.detail : `HTTP ${response.status}`;
  const fields =
    problem.success && problem.data.errors
      ? problem.data.errors.map((e) => `\n  ${e.path}: ${e.message}`).join('')
      : '';
  if (response.status === 401 && target.key === null) {
    throw new CliError(
      'No API key given. Pass --key or set LEDGER_API_KEY (an admin creates one with `ledger keys create`).',
      EXIT.auth,
    );
  }
  throw new CliError(`${detail}${fields}\n${nextStep(response.status)}`, exitFor(response.status));
}

/** GETs a JSON resource (see fetchOk for errors). */
export async function getJson(
  target: ServerTarget,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<unknown> {
  const text = await (await fetchOk(target, path, query, 'application/json')).text();
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** GETs a file: its bytes and the headers that describe it (exports). */
export async function getFile(
  target: ServerTarget,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<{ bytes: Buffer; headers: Headers }> {
  const response = await fetchOk(target, path, query, '*/*');
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** Parses a server answer with the schema the server publishes; a mismatch means client and server versions differ. */
export function expectShape<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new CliError(
      `The server's ${what} answer is not what this ledger CLI expects; use the CLI of the same version as the server.`,
      EXIT.failure,
    );
  }
  return parsed.data;
}
