import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generator-csv.js';
import { LedgerEventBody } from '../../src/domain/ledger-event.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocument, readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { decidePlan } from '../../src/import/record/decide-plan.js';
import { planImport } from '../../src/import/record/import-plan.js';
import { SEED_FILES, SEED_IDS, SEEDS_DIR } from './helpers.js';
import { importer } from './import-fixtures.js';

/**
 * The importer stamps what it decides without parsing each body again (`stampDecided`,
 * src/app/stamp.ts): its deciders get the commands it parsed, so every body must already be
 * exactly what the event catalogue's parse returns (texts trimmed, bounds kept). These hold it
 * over every seed paper, a generated plan, and texts padded with whitespace.
 */

const meta = { actor: importer(), correlationId: 'import:test' };

function decidedBodies(document: ParsedDocument) {
  const plan = planImport(document, { today: '2026-01-01' });
  const decided = decidePlan(plan, new Map(), meta);
  expect(decided.failures).toEqual([]);
  return decided.streams.flatMap((s) => s.events.map((e) => ({ type: e.type, data: e.data })));
}

function expectCatalogueExact(bodies: readonly { type: string; data: unknown }[]) {
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(LedgerEventBody.parse(body)).toStrictEqual(body);
}

/**
 * The same document with whitespace around the texts the planner passes on as it reads them (a
 * portfolio name is also written into other facts' wording, so it is left as it is).
 */
function padded(document: ParsedDocument): ParsedDocument {
  const pad = (text: string) => ` \t${text}\u00a0 `;
  return {
    ...document,
    inspections: document.inspections.map((inspection) => ({
      ...inspection,
      // Trailing only: the inspectorate is read from how the title starts.
      title: `${inspection.title} \t`,
      plans: inspection.plans.map((plan) => ({
        ...plan,
        portfolioOwner: plan.portfolioOwner === null ? null : pad(plan.portfolioOwner),
        items: plan.items.map((item) => ({
          ...item,
          text: pad(item.text),
          initialResponse: item.initialResponse === null ? null : pad(item.initialResponse),
          updates: item.updates.map((u) => ({ ...u, text: pad(u.text) })),
        })),
      })),
    })),
  };
}

describe('bodies the importer decides', () => {
  it.each(SEED_IDS)(
    'given seed %s, when decided, then every body is exactly its catalogue parse',
    async (id) => {
      const document = await readDocument(join(SEEDS_DIR, SEED_FILES[id]));
      expectCatalogueExact(decidedBodies(document));
    },
  );

  it('given a generated 300-row plan, when decided, then every body is exactly its catalogue parse', async () => {
    const bytes = new TextEncoder().encode(generateCsv(300, 'bodies'));
    const { document } = await readDocumentBytesTraced(bytes, 'plan.csv');
    const bodies = decidedBodies(document);
    expect(bodies.length).toBeGreaterThan(1000);
    expectCatalogueExact(bodies);
  });

  it.each(SEED_IDS)(
    'given seed %s with whitespace around its texts, when decided, then the bodies are the unpadded ones',
    async (id) => {
      const document = await readDocument(join(SEEDS_DIR, SEED_FILES[id]));
      const bodies = decidedBodies(padded(document));
      expectCatalogueExact(bodies);
      expect(bodies).toStrictEqual(decidedBodies(document));
    },
  );
});
