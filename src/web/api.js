// @ts-check
// The dashboard's only door to the ledger: every call sends the API key as a header (never in a
// URL, where it would end up in logs and history) and turns problem+json answers into errors
// that say what happened and what the reader can do about it.

/** @import { Problem } from './types.js' */
/** @typedef {Record<string, string | number | null | undefined>} Params query parameters; empty ones are left out */

const KEY_SLOT = 'plan-ledger.api-key';

/** sessionStorage, not localStorage: the key dies with the tab, so a shared laptop keeps no key. */
export const apiKey = {
  get: () => sessionStorage.getItem(KEY_SLOT),
  /** @param {string} key */
  set: (key) => sessionStorage.setItem(KEY_SLOT, key.trim()),
  forget: () => sessionStorage.removeItem(KEY_SLOT),
};

/**
 * What to do next, by status: the problem's detail says what went wrong, this says how to go on.
 * @param {number} status
 */
function adviceFor(status) {
  if (status === 401) return 'Keys start with plk_: paste the whole key as it was printed when it was made.';
  if (status === 403) return 'This key’s role cannot do this; ask an admin for a key with a higher role.';
  if (status === 404)
    return 'It may not exist at the chosen date: pick a later date, or go back to the plans.';
  if (status === 429) return 'Too many requests from this key: wait a minute, then reload.';
  if (status >= 500)
    return 'Try again in a moment; if it keeps failing, quote the request id to whoever runs the ledger.';
  if (status === 0)
    return 'The ledger server did not answer: check that it is running, then reload the page.';
  return 'Reload the page; if it keeps failing, report the detail above.';
}

export class ApiError extends Error {
  /**
   * @param {number} status 0 when the server could not be reached
   * @param {Problem | null} problem the problem+json body, when the server sent one
   */
  constructor(status, problem) {
    super(
      problem?.detail ??
        (status === 0
          ? 'The ledger server could not be reached: it may be stopped or restarting.'
          : `The server answered ${status}.`),
    );
    this.status = status;
    this.title = problem?.title ?? (status === 0 ? 'No answer from the server' : `Error ${status}`);
    this.code = problem?.code ?? null;
    this.advice = adviceFor(status);
  }
}

/**
 * @param {Response} response
 * @returns {Promise<Problem | null>}
 */
async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * @param {string} path
 * @param {Params} [params]
 */
function urlOf(path, params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * One authenticated request; resolves with the parsed JSON body, rejects with an ApiError. The
 * body is the answer described by the route's schema: callers name its type from types.ts.
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {{ params?: Params, body?: unknown, key?: string | null }} [options]
 * @returns {Promise<any>}
 */
export async function request(method, path, { params, body, key = apiKey.get() } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(urlOf(path, params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      // Same-origin cookies only: the SSE ticket cookie is set by POST /stream/tickets.
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  return response.json();
}

/**
 * @param {string} path
 * @param {Params} [params]
 * @param {{ key?: string | null }} [options]
 */
export const get = (path, params, options) => request('GET', path, { ...options, params });
/**
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ key?: string | null }} [options]
 */
export const post = (path, body, options) => request('POST', path, { ...options, body });

/**
 * Downloads a file (an export) with the key in a header, then hands it to the browser as a
 * download: a link with the key in its URL would leak it to history and logs.
 * @param {string} path
 * @param {Params} params
 * @returns {Promise<{ blob: Blob, fileName: string }>}
 */
export async function download(path, params) {
  const key = apiKey.get();
  let response;
  try {
    response = await fetch(urlOf(path, params), {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'plan-ledger-export';
  return { blob: await response.blob(), fileName };
}
