import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestLedger, testLedger } from '../api/factories.js';

/**
 * The routes that serve the dashboard's files (no browser needed): public, typed, cacheable,
 * closed to anything but the assets, and complete (every file the page asks for is served).
 */

const WEB = new URL('../../src/web/', import.meta.url);

describe('dashboard asset routes', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await testLedger();
  });
  afterAll(async () => ledger.close());

  it('given no key, when / is requested, then the page is served as HTML under the same-origin CSP', async () => {
    const res = await ledger.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<script type="module" src="/web/app.js">');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('then every stylesheet, script and module import the page uses is served with its type', async () => {
    const html = readFileSync(new URL('index.html', WEB), 'utf8');
    const referenced = new Set([...html.matchAll(/(?:href|src)="\/web\/([^"]+)"/g)].map((m) => m[1]));
    for (const file of readdirSync(WEB).filter((f) => f.endsWith('.js'))) {
      // JSDoc `@import` lines name types only (src/web/types.ts, never served): comments are not imports.
      const source = readFileSync(new URL(file, WEB), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const m of source.matchAll(/from '\.\/([^']+)'/g)) referenced.add(m[1]);
    }
    expect(referenced.size).toBeGreaterThan(10);
    for (const file of referenced) {
      const res = await ledger.app.inject({ url: `/web/${file}` });
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['content-type'], file).toMatch(
        file?.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
    }
  });

  it('given the ETag of a file, when it is asked for again, then the answer is 304 with no body', async () => {
    const first = await ledger.app.inject({ url: '/web/app.js' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await ledger.app.inject({
      url: '/web/app.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('when a file outside the assets is asked for, then it is a 404 problem, whatever the path tricks', async () => {
    for (const url of [
      '/web/missing.js',
      '/web/..%2Fserver.ts',
      '/web/%2e%2e%2fapi%2fapp.ts',
      '/web/../package.json',
      '/web/.hidden.js',
      '/web/App.js',
    ]) {
      const res = await ledger.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });

  it('then the API behind the page still needs a key', async () => {
    const res = await ledger.app.inject({ url: '/board-summary' });
    expect(res.statusCode).toBe(401);
  });
});
