import Fastify from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { planSnapshot } from '../../projections/current-plans.js';
import { getPlan } from '../../projections/runtime/queries.js';
import { isStanding } from '../../projections/standing-states.js';
import { answerSerializer, writeAnswersWith } from '../../src/api/answer-writers.js';
import { ItemTexts, planAnswerText } from '../../src/api/routes/plans/plan-answer-json.js';
import { ids as idsOf, LogBuilder } from '../projections/factories.js';
import { post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** An object whose `text` counts how often it is read (JSON.stringify reads it each time; a kept text does not). */
function counted(ch: string, writes: Map<object, number>): object {
  const item = {};
  Object.defineProperty(item, 'text', {
    enumerable: true,
    get: () => {
      writes.set(item, (writes.get(item) ?? 0) + 1);
      return ch.repeat(5);
    },
  });
  return item;
}

describe('ItemTexts', () => {
  it('given an object that is not a lasting state, when it is written twice, then it is written afresh each time and nothing is kept', () => {
    const writes = new Map<object, number>();
    const item = counted('a', writes);
    const texts = new ItemTexts(1 << 20, () => false);
    expect(texts.of(item)).toBe('{"text":"aaaaa"}');
    expect(texts.of(item)).toBe('{"text":"aaaaa"}');
    expect(writes.get(item)).toBe(2);
    expect(texts.characters).toBe(0);
  });

  it('given a lasting object, when it is written again, then the kept text is served', () => {
    const lasting = new WeakSet<object>();
    const item = { ref: 'AFI.1', text: 'Review "call handling"', updates: [1, 2] };
    lasting.add(item);
    const texts = new ItemTexts(1 << 20, (o) => lasting.has(o));
    const kept = texts.of(item);
    expect(kept).toBe(JSON.stringify(item));
    expect(texts.characters).toBe(kept.length);
    expect(texts.of(item)).toBe(kept);
    expect(texts.characters).toBe(kept.length);
  });

  it('given texts past the limit, when more are kept, then the ones not asked for lately are forgotten', () => {
    // Given a limit of two texts of 16 characters (a generation holds one), every object lasting
    const texts = new ItemTexts(34, () => true);
    const writes = new Map<object, number>();
    const writtenAgain = (item: object) => {
      const before = writes.get(item) ?? 0;
      expect(texts.of(item)).toBe(JSON.stringify(item));
      writes.set(item, (writes.get(item) ?? 0) - 1); // the check's own JSON.stringify
      return (writes.get(item) ?? 0) > before;
    };
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((ch) => counted(ch, writes)) as [
      object,
      object,
      object,
      object,
    ];
    // When a, b and c are written in turn
    for (const item of [a, b, c]) texts.of(item);
    // Then b and c are kept, within the limit
    expect(texts.characters).toBeLessThanOrEqual(34);
    expect([writtenAgain(c), writtenAgain(b)]).toEqual([false, false]);
    // When b was asked for (above, after c) and d is kept, then b stays and c is the one forgotten
    texts.of(d);
    expect(texts.characters).toBeLessThanOrEqual(34);
    expect([writtenAgain(b), writtenAgain(d), writtenAgain(c), writtenAgain(a)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('ItemTexts over an index: a text is always the one of the state asked for', () => {
  const NOW = '2030-01-01T00:00:00.000Z';
  const item = idsOf.item(1);

  it('given reads before and after a back-dated fact and a correction, when each state is written, then its text is its own', () => {
    // Given an item with an owner, two updates and a RAG
    const log = new LogBuilder();
    log.plan(idsOf.ps, idsOf.inspection, 'Protective Services', { on: '2011-03-01' });
    log.received(
      { itemId: item, inspectionId: idsOf.inspection, planId: idsOf.ps, ref: 'AFI.1' },
      { on: '2011-03-01' },
    );
    const owner = log.owner(item, 'D/Supt Shrubsole', { on: '2011-03-05' });
    log.update(item, 'Review started', { on: '2011-04-01' });
    log.rag(item, 'AMBER', { on: '2011-04-10' });
    log.update(item, 'Review done', { on: '2011-05-01' });
    const index = new AsOfIndex();
    for (const e of log.events) index.apply(e);
    // The timelines' own record of the states they keep decides what is kept (the default)
    const texts = new ItemTexts(1 << 20);
    const dates = ['2011-03-02', '2011-03-06', '2011-04-05', '2011-04-15', '2011-05-02'];
    const read = (knownAt: string) =>
      dates.map((asOf) => {
        // As a plan read gets it (which records the timeline's kept states as lasting)
        const state = planSnapshot(index, idsOf.ps, { asOf, knownAt })?.items[0]?.item;
        if (state === undefined) throw new Error(`no state at ${asOf}`);
        expect(state).toEqual(index.itemAt(item, { asOf, knownAt }));
        // Each read written twice: the second from the kept text where the object is kept
        texts.of(state);
        return { state, text: texts.of(state) };
      });
    const before = read(NOW);
    const knownBefore = log.events.at(-1)?.recordedAt ?? NOW;
    // When a back-dated update (recorded later, dated 2011-04-12) and a correction of the owner arrive
    index.apply(log.update(item, 'Interim findings', { on: '2011-04-12' }));
    index.apply(log.correct(owner, { fields: { actionOwner: 'D/Supt Hale' } }, { on: '2011-05-10' }));
    const after = read(NOW);
    const asKnownBefore = read(knownBefore);
    // Then every text written is JSON.stringify of the very state it was asked for
    for (const { state, text } of [...before, ...after, ...asKnownBefore])
      expect(text).toBe(JSON.stringify(state));
    // And only the states after the last fact, at now, were lasting and kept: the one before the
    // back-dated update and the one after it, not the past states folded for one read
    const kept = [...before, ...after, ...asKnownBefore].filter(({ state }) => isStanding(state));
    expect(kept.map(({ state }) => state)).toEqual([before[4]?.state, after[4]?.state]);
    expect(kept[0]?.state).not.toBe(kept[1]?.state);
    expect(texts.characters).toBe(
      JSON.stringify(before[4]?.state).length + JSON.stringify(after[4]?.state).length,
    );
    // And the later knowledge shows in the texts of the earlier dates it changed, not in the old ones
    expect(after[3]?.text).toContain('Interim findings');
    expect(before[3]?.text).not.toContain('Interim findings');
    expect(after[1]?.text).toContain('D/Supt Hale');
    expect(asKnownBefore[1]?.text).toContain('D/Supt Shrubsole');
    expect(asKnownBefore.map((r) => r.text)).toEqual(before.map((r) => r.text));
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
