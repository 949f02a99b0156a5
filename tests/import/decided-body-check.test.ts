import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCsv } from '../../bench/generator-csv.js';
import { itemDecider } from '../../src/domain/item-decider.js';
import { LedgerEventBody } from '../../src/domain/ledger-event.js';
import { ValidationError } from '../../src/errors.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { decidePlan } from '../../src/import/record/decide-plan.js';
import { DecidedBodyCheck } from '../../src/import/record/decided-body-check.js';
import { planImport } from '../../src/import/record/import-plan.js';
import { runImport } from '../../src/import/record/run-import.js';
import { importer, tempLedger } from './import-fixtures.js';

/**
 * The import stamps decided bodies without the catalogue's second parse; `DecidedBodyCheck`
 * is its runtime guard. These hold that it answers exactly as the catalogue's parse does
 * (refuses what it refuses, stamps what it returns), and that a decider producing a body the
 * catalogue refuses makes the import fail on that row with nothing appended.
 */

const csv = generateCsv(300, 'guard');
const document = async () =>
  (await readDocumentBytesTraced(new TextEncoder().encode(csv), 'guard.csv')).document;

/** Every body a clean import of the generated plan decides, as plain `{ type, data }` copies. */
async function decidedBodies(): Promise<LedgerEventBody[]> {
  const plan = planImport(await document(), { today: '2026-01-01' });
  const decided = decidePlan(plan, new Map(), { actor: importer(), correlationId: 'import:guard' });
  expect(decided.failures).toEqual([]);
  return decided.streams.flatMap((s) =>
    s.events.map((e) => structuredClone({ type: e.type, data: e.data }) as LedgerEventBody),
  );
}

/** What the check does with one body: the body it would stamp, or the error it throws. */
function outcome(
  check: DecidedBodyCheck,
  body: unknown,
): { stamped: unknown } | { refused: ValidationError } {
  try {
    return { stamped: check.bodies([body as LedgerEventBody])[0] };
  } catch (error) {
    if (error instanceof ValidationError) return { refused: error };
    throw error;
  }
}

/** Values a buggy decider might put in a field: wrong kinds, blanks, padding, over-long, not a date. */
const BAD_VALUES: readonly unknown[] = [
  undefined,
  null,
  42,
  true,
  '',
  '   ',
  ' padded\u00a0',
  'caf\u00e9',
  'x'.repeat(501),
  'x'.repeat(20_001),
  '2015-02-29',
  '2015-02-28',
  'RED',
  'not-a-kind',
  ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
  { nested: 1 },
];

describe('DecidedBodyCheck (the import decided bodies, checked before they are stamped)', () => {
  it('given every body a generated 300-row plan decides, when checked, then the same array is returned and almost none go to zod', async () => {
    const bodies = await decidedBodies();
    const check = new DecidedBodyCheck();
    expect(check.bodies(bodies)).toBe(bodies);
    expect(bodies.length).toBeGreaterThan(1000);
    // The compiled check, not zod, accepts the bulk (the cost the import pays per event).
    expect(check.delegated).toBeLessThan(bodies.length / 50);
  });

  it('given each field of each decided body replaced by a bad value (or a key added, or the type changed), then the check refuses exactly what the catalogue refuses and stamps what the catalogue returns', async () => {
    const bodies = await decidedBodies();
    // One body of each type (the first met) keeps the run short; every field of it is tried.
    const samples = [...new Map(bodies.map((b) => [b.type, b])).values()];
    expect(samples.length).toBeGreaterThanOrEqual(8);
    const check = new DecidedBodyCheck();
    let refused = 0;
    let normalised = 0;
    const variants = samples.flatMap((body) => [
      ...Object.keys(body.data).flatMap((key) =>
        BAD_VALUES.map((value) => {
          const data: Record<string, unknown> = { ...body.data };
          if (value === undefined) delete data[key];
          else data[key] = structuredClone(value);
          return { type: body.type, data };
        }),
      ),
      { type: body.type, data: { ...body.data, addedByMistake: 'x' } },
      { ...body, extra: 1 },
      { type: 'ItemExploded', data: body.data },
      { type: body.type, data: null },
    ]);
    for (const variant of variants) {
      const zod = LedgerEventBody.safeParse(structuredClone(variant));
      const got = outcome(check, structuredClone(variant));
      if (!zod.success) {
        expect('refused' in got, JSON.stringify(variant)).toBe(true);
        refused++;
      } else {
        expect(got, JSON.stringify(variant)).toStrictEqual({ stamped: zod.data });
        if (JSON.stringify(zod.data) !== JSON.stringify(variant)) normalised++;
      }
    }
    // The variants do reach both answers: most are refused, padded texts are trimmed.
    expect(refused).toBeGreaterThan(variants.length / 2);
    expect(normalised).toBeGreaterThan(0);
  });

  it('given a body with a date that is not a calendar date, then the error names the event, the field and the problem', async () => {
    const received = (await decidedBodies()).find((b) => b.type === 'RecommendationReceived');
    if (!received) throw new Error('fixture: no item received');
    const bad = { ...received, data: { ...received.data, dueDate: '2015-02-29' } };
    const got = outcome(new DecidedBodyCheck(), bad);
    if (!('refused' in got)) throw new Error('the check accepted 2015-02-29');
    expect(got.refused.code).toBe('ValidationError');
    expect(got.refused.message).toContain('RecommendationReceived');
    expect(got.refused.message).toContain(
      'the Due Date cannot be recorded as it is (is not a real calendar date)',
    );
    expect(got.refused.issues).toEqual([
      { path: 'events.0.data.dueDate', message: 'is not a real calendar date' },
    ]);
  });
});

describe('an import whose decider produces a body the catalogue refuses', () => {
  const ledgers: Awaited<ReturnType<typeof tempLedger>>[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const ledger of ledgers.splice(0)) await ledger.close();
  });

  /** The real item decider, with `corrupt` applied to what it decides for the 40th item's `commandType`. */
  function buggyItemDecider(commandType: string, corrupt: (data: Record<string, unknown>) => void) {
    const real = itemDecider.decide;
    let seen = 0;
    vi.spyOn(itemDecider, 'decide').mockImplementation((command, state) => {
      const bodies = real(command, state);
      if (command.type !== commandType || ++seen !== 40) return bodies;
      return bodies.map((body) => {
        const data = structuredClone(body.data) as Record<string, unknown>;
        corrupt(data);
        return { ...body, data } as LedgerEventBody;
      });
    });
  }

  it.each([
    {
      bug: 'an update with a field the catalogue does not know',
      command: 'PostUpdate',
      corrupt: (data: Record<string, unknown>) => {
        data.postedBy = 'someone';
      },
      words: 'UpdatePosted event',
      path: 'events.0',
    },
    {
      bug: 'a received item due on 29 February 2015',
      command: 'ReceiveRecommendation',
      corrupt: (data: Record<string, unknown>) => {
        data.dueDate = '2015-02-29';
      },
      words: 'the Due Date cannot be recorded as it is (is not a real calendar date)',
      path: 'events.0.data.dueDate',
    },
  ])(
    'given $bug, when imported, then the import fails on that row naming it, and nothing is appended',
    async ({ command, corrupt, words, path }) => {
      const ledger = await tempLedger();
      ledgers.push(ledger);
      buggyItemDecider(command, corrupt);
      const { report } = await runImport(ledger.store, await document(), {
        actor: importer(),
        today: '2026-01-01',
      });
      expect(report.status).toBe('failed');
      expect(report.failures).toHaveLength(1);
      const [failure] = report.failures;
      expect(failure?.rule).toBe('ValidationError');
      expect(failure?.command).toBe(command);
      expect(failure?.line).toBeGreaterThan(1);
      expect(failure?.message).toContain(`guard.csv, line ${failure?.line}`);
      expect(failure?.message).toContain(words);
      expect(failure?.message).toContain(path);
      expect(failure?.message).toContain('a fault of the ledger');
      expect(report.events.appended).toBe(0);
      expect(await ledger.store.headPosition()).toBe(report.headBefore);
      expect(await ledger.store.readAll()).toEqual([]);
    },
  );
});
