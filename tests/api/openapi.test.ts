import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestLedger, testLedger } from './factories.js';
import { ROUTE_CASES } from './route-cases.js';

describe('OpenAPI document', () => {
  let ledger: TestLedger;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    ledger = await testLedger();
    const response = await ledger.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = json(response);
  });
  afterAll(() => ledger.close());

  it('is OpenAPI 3.1 and passes a real validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences and checks against the official 3.1 schema; it throws on any error
    const file = join(ledger.dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    await expect(SwaggerParser.validate(file)).resolves.toBeTruthy();
  });

  it('lists every API route (all but the document itself, the docs UI and the dashboard page)', () => {
    const paths = doc.paths && typeof doc.paths === 'object' ? doc.paths : {};
    const published = new Set(
      Object.entries(paths).flatMap(([path, ops]) =>
        Object.keys(ops && typeof ops === 'object' ? ops : {}).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const api = ROUTE_CASES.filter((r) => !r.hidden);
    expect(api.map((r) => `${r.method} ${r.path}`).filter((r) => !published.has(r))).toEqual([]);
    expect(published.size).toBe(api.length);
  });

  it('documents request fields from the zod schemas (strict bodies, enums)', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('"additionalProperties":false');
    expect(text).toContain('"RED","AMBER","GREEN"');
    expect(text).toContain('"if-match"');
    expect(text).toContain('"idempotency-key"');
  });

  it('serves the browsable docs at /docs', async () => {
    const response = await ledger.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(response.statusCode);
    const page =
      response.statusCode === 302
        ? await ledger.app.inject({ url: String(response.headers.location) })
        : response;
    expect(page.body).toContain('swagger');
  });
});
