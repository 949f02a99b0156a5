import Fastify from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getPlan } from '../../projections/runtime/queries.js';
import { answerSerializer, writeAnswersWith } from '../../src/api/answer-writers.js';
import { ItemTexts, planAnswerText } from '../../src/api/routes/plans/plan-answer-json.js';
import { post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

describe('ItemTexts', () => {
  it('given an object seen once, when it is written, then its text is JSON.stringify’s and nothing is kept', () => {
    const texts = new ItemTexts();
    const item = { ref: 'AFI.1', text: 'Review "call handling"', rag: null };
    expect(texts.of(item)).toBe(JSON.stringify(item));
    expect(texts.characters).toBe(0);
  });

  it('given an object seen twice, when it is written again, then the kept text is served', () => {
    const texts = new ItemTexts();
    const item = { ref: 'AFI.1', updates: [1, 2] };
    texts.of(item);
    const kept = texts.of(item);
    expect(kept).toBe(JSON.stringify(item));
    expect(texts.characters).toBe(kept.length);
    expect(texts.of(item)).toBe(kept);
    expect(texts.characters).toBe(kept.length);
  });

  it('given texts past the limit, when another is kept, then the earlier ones are forgotten', () => {
    const texts = new ItemTexts(40);
    const a = { text: 'a'.repeat(20) };
    const b = { text: 'b'.repeat(20) };
    for (const item of [a, a, b, b]) texts.of(item);
    expect(texts.characters).toBe(JSON.stringify(b).length);
  });
});

describe('plan answer text', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeEach(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    return () => ledger.close();
  });

  it('given shared and transferred items, when written at several points, then the bytes are JSON.stringify’s', async () => {
    const write = async (url: string, payload: unknown) =>
      expect((await post(ledger.app, ledger.tokens.manager, url, payload)).statusCode).toBe(201);
    await write(`/items/${ids.psItemId}/joint-allocation`, {
      withPlanIds: [ids.tpPlanId],
      leadPlanId: ids.psPlanId,
      effectiveOn: '2011-05-10',
    });
    await write(`/items/${ids.tpItemId}/transfer`, { toPlanId: ids.psPlanId, effectiveOn: '2011-05-12' });
    await write(`/items/${ids.tpItemId}/updates`, { text: 'Work “started”', effectiveOn: '2011-05-20' });
    const source = ledger.app.ledger.projections;
    const texts = new ItemTexts();
    let written = 0;
    for (let round = 0; round < 2; round++)
      for (const planId of [ids.tpPlanId, ids.psPlanId])
        for (const asOf of ['2011-05-01', '2011-05-11', '2011-05-15', undefined]) {
          const answer = getPlan(source, planId, asOf ? { asOf } : {});
          expect(planAnswerText(answer, texts)).toBe(JSON.stringify(answer));
          written++;
        }
    expect(written).toBe(16);
    // The second round read the same kept item states: their texts were kept and served.
    expect(texts.characters).toBeGreaterThan(0);
    const answer = { ...getPlan(source, ids.tpPlanId), report: undefined, extra: { n: 1 } };
    expect(planAnswerText(answer, texts)).toBe(JSON.stringify(answer));
  });
});

describe('answer writers', () => {
  const apps: ReturnType<typeof Fastify>[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  const appWith = async (checked: boolean) => {
    const Answer = z.strictObject({ n: z.number() });
    writeAnswersWith(Answer, (answer) => `{"n": ${answer.n}}`);
    const app = Fastify();
    apps.push(app);
    app.setSerializerCompiler(answerSerializer(checked ? serializerCompiler : null));
    app.get('/n', { schema: { response: { 200: Answer } } }, async () => ({ n: 1 }));
    return app;
  };

  it('given a writer for a schema, when its route answers, then the writer writes the bytes', async () => {
    const response = await (await appWith(false)).inject({ url: '/n' });
    expect(response.body).toBe('{"n": 1}');
  });

  it('given answers checked (tests), when a writer’s bytes differ from JSON.stringify’s, then the answer fails', async () => {
    const response = await (await appWith(true)).inject({ url: '/n' });
    expect(response.statusCode).toBe(500);
  });
});
