import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keptBody } from '../../../projections/event-columns.js';
import {
  compileBody,
  TrustedDecoder,
  trustedEventTypes,
} from '../../../projections/runtime/trusted-decode.js';
import type { RecordedEvent } from '../../../src/domain/envelope.js';
import {
  CURRENT_SCHEMA_VERSION,
  decodeEvent,
  type LedgerEventType,
} from '../../../src/domain/ledger-event.js';
import { CorruptEventError } from '../../../src/errors.js';
import { LogBuilder, ulid } from '../factories.js';

/** A log touching every event type (corrections and retractions included). */
function everyType(): RecordedEvent[] {
  const log = new LogBuilder();
  const [insp, planA, planB, item, board] = [ulid(1), ulid(2), ulid(3), ulid(4), ulid(5)];
  log.inspection(insp, { on: '2011-01-01' });
  log.plan(planA, insp, 'Operations', { on: '2011-01-02' });
  log.plan(planB, insp, 'Crime', { on: '2011-01-02' });
  log.received({ itemId: item, inspectionId: insp, planId: planA, ref: 'AFI.1' }, { on: '2011-01-03' });
  log.owner(item, 'Ch Supt Jones', { on: '2011-01-04' });
  log.due(item, '2011-06-30', { on: '2011-01-05' }, true);
  log.rag(item, 'AMBER', { on: '2011-01-06' });
  const update = log.update(item, 'First update', { on: '2011-01-07' });
  log.complete(item, { on: '2011-01-08' });
  log.reopen(item, { on: '2011-01-09' });
  log.notApplicable(item, { on: '2011-01-10' });
  log.transfer(item, planA, planB, { on: '2011-01-11' });
  log.joint(item, [planA], planB, { on: '2011-01-12' });
  log.board(board, '2011-01-13', [planA, planB], { on: '2011-01-13' });
  log.correct(update, { fields: { text: 'Corrected update' } }, { on: '2011-01-14' });
  log.retract(update, { on: '2011-01-15' });
  // Records as a store returns them: raw body, a fresh copy per read.
  return log.events.map((e) => structuredClone(e) as unknown as RecordedEvent);
}

const clone = (r: RecordedEvent): RecordedEvent => structuredClone(r);

describe('TrustedDecoder (the runner decoding its own store)', () => {
  it('given every event type, when decoded, then the result equals decodeEvent', () => {
    const decoder = new TrustedDecoder();
    for (const record of everyType()) {
      expect(decoder.decode(clone(record))).toEqual(decodeEvent(clone(record)));
    }
  });

  it('given the same ids, dates and actors in many events, when decoded, then one copy of each is kept', () => {
    const decoder = new TrustedDecoder();
    const [a, b] = everyType()
      .filter((r) => r.type === 'RagChanged' || r.type === 'OwnerAssigned')
      .map((r) => decoder.decode(clone(r)));
    if (!a || !b) throw new Error('fixture');
    expect(a.actor).toBe(b.actor);
    expect((a.data as { itemId: string }).itemId).toBe((b.data as { itemId: string }).itemId);
  });

  it('given bodies a structural check must not wave through, when decoded, then it errs exactly as decodeEvent', () => {
    const received = everyType().find((r) => r.type === 'RecommendationReceived');
    if (!received) throw new Error('fixture');
    const data = received.data as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { ...data, itemId: 'not-a-ulid' },
      { ...data, dueDate: '2011-02-30' },
      { ...data, kind: 'wish' },
      { ...data, extra: 1 },
      { ...data, ref: '' },
      { ...data, text: 42 },
      Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'section')),
    ];
    for (const body of bad) {
      const record = { ...clone(received), data: body };
      expect(() => decodeEvent(clone(record))).toThrow(CorruptEventError);
      expect(() => new TrustedDecoder().decode(clone(record))).toThrow(CorruptEventError);
    }
    const rag = everyType().find((r) => r.type === 'RagChanged');
    if (!rag) throw new Error('fixture');
    const marked = (asReported: unknown) => ({
      ...clone(rag),
      data: { ...(rag.data as object), asReported },
    });
    expect(new TrustedDecoder().decode(marked(true))).toEqual(decodeEvent(marked(true)));
    for (const wrong of [false, 'true', 1]) {
      expect(() => decodeEvent(marked(wrong))).toThrow(CorruptEventError);
      expect(() => new TrustedDecoder().decode(marked(wrong))).toThrow(CorruptEventError);
    }
    // A rule on the whole body: an owner change that names no owner (the check used to miss it).
    const ownerless = {
      ...clone(received),
      type: 'PlanOwnerChanged',
      schemaVersion: CURRENT_SCHEMA_VERSION.PlanOwnerChanged,
      data: { planId: data.planId },
    };
    expect(() => decodeEvent(clone(ownerless))).toThrow(CorruptEventError);
    expect(() => new TrustedDecoder().decode(clone(ownerless))).toThrow(CorruptEventError);
    const unknown = { ...clone(received), type: 'ItemTeleported' };
    expect(() => new TrustedDecoder().decode(unknown)).toThrow(/unknown event type/);
    const newer = { ...clone(received), schemaVersion: 9 };
    expect(() => new TrustedDecoder().decode(newer)).toThrow(/newer than this ledger understands/);
    expect(() => new TrustedDecoder().decode({ ...clone(received), data: null })).toThrow(CorruptEventError);
  });

  it('given progress updates plain and not, when a replay thread asks for their kept text, then it has one exactly when decode accepts them without zod and keeps the text alone', () => {
    const update = everyType().find((r) => r.type === 'UpdatePosted');
    if (!update) throw new Error('fixture');
    const data = update.data as { itemId: string; text: string };
    const key = data.itemId;
    const variants: { record: RecordedEvent; plain: boolean }[] = [
      { record: clone(update), plain: true },
      { record: { ...clone(update), data: { ...data, text: 'x'.repeat(20_000) } }, plain: true },
      { record: { ...clone(update), data: { text: data.text, itemId: key } }, plain: true },
      { record: { ...clone(update), data: { ...data, itemId: ulid(9) } }, plain: false },
      { record: { ...clone(update), data: { ...data, text: '  spaced  ' } }, plain: false },
      { record: { ...clone(update), data: { ...data, text: '' } }, plain: false },
      { record: { ...clone(update), data: { ...data, text: 'x'.repeat(20_001) } }, plain: false },
      { record: { ...clone(update), data: { ...data, text: 7 } }, plain: false },
      { record: { ...clone(update), data: { ...data, extra: 1 } }, plain: false },
      { record: { ...clone(update), data: { itemId: key } }, plain: false },
      { record: { ...clone(update), data: [key, data.text] }, plain: false },
      { record: { ...clone(update), data: null }, plain: false },
      { record: { ...clone(update), schemaVersion: 2 }, plain: false },
      { record: { ...clone(update), type: 'RagChanged' }, plain: false },
    ];
    for (const { record, plain } of variants) {
      const decoder = new TrustedDecoder();
      const text = decoder.plainUpdateText(clone(record));
      expect(text !== null).toBe(plain);
      if (text === null) continue;
      const event = decoder.decode(clone(record));
      expect(decoder.delegated).toBe(0);
      expect(keptBody(event, key)).toBe(text);
      expect(decoder.sharedActor(clone(record).actor)).toBe(event.actor);
    }
    expect(update.streamId).toBe(`item-${key}`);
    // An item id that is its stream's but no ULID is refused by the id's check, as decode refuses it.
    for (const id of ['one', key.toLowerCase(), `${key.slice(0, 25)}U`, `8${key.slice(1)}`]) {
      const odd = { ...clone(update), streamId: `item-${id}`, data: { ...data, itemId: id } };
      expect(new TrustedDecoder().plainUpdateText(clone(odd))).toBeNull();
      expect(() => new TrustedDecoder().decode(clone(odd))).toThrow(CorruptEventError);
    }
    // Its stream's id, but not an item's stream.
    const plans = { ...clone(update), streamId: `plan-${key}` };
    expect(new TrustedDecoder().plainUpdateText(clone(plans))).toBeNull();
  });

  it('given text zod would trim, or an old version, when decoded, then zod normalises it as before', () => {
    const records = everyType();
    const update = records.find((r) => r.type === 'UpdatePosted');
    const due = records.find((r) => r.type === 'DueDateChanged');
    if (!update || !due) throw new Error('fixture');
    const padded = { ...clone(update), data: { ...(update.data as object), text: '  spaced  ' } };
    expect(new TrustedDecoder().decode(clone(padded))).toEqual(decodeEvent(clone(padded)));
    const v1Data = { ...(due.data as Record<string, unknown>) };
    delete v1Data.escalated;
    delete v1Data.listingPlanId;
    const v1 = { ...clone(due), schemaVersion: 1, data: v1Data };
    const decoded = new TrustedDecoder().decode(clone(v1));
    expect(decoded).toEqual(decodeEvent(clone(v1)));
    expect(decoded.schemaVersion).toBe(CURRENT_SCHEMA_VERSION.DueDateChanged);
  });

  it('given this zod release, when the catalogue is compiled, then every event type without a rule on its whole body is checked without zod', () => {
    // Fails loudly if a zod release changes the public shapes the compiler reads (schema
    // classes, unwrap, options, minLength, def.checks): those types would silently go to zod.
    expect(trustedEventTypes()).toEqual([
      'InspectionRegistered',
      'PlanOpened',
      'RecommendationReceived',
      'OwnerAssigned',
      'DueDateChanged',
      'ResponseRecorded',
      'UpdatePosted',
      'RagChanged',
      'MarkedComplete',
      'Reopened',
      'MarkedNotApplicable',
      'TransferredBetweenPortfolios',
      'JointlyAllocated',
      'BoardReportPresented',
      'EntryRetracted',
    ]);
    // Records at their current schema version (the fixtures write version 1, which DueDateChanged
    // upcasts), so only the types with a rule on the whole body go to zod (a correction must
    // correct something, an owner change must name an owner; the fixture has no owner change).
    const decoder = new TrustedDecoder();
    const records = everyType().map((r) => ({
      ...r,
      schemaVersion: CURRENT_SCHEMA_VERSION[r.type as LedgerEventType],
    }));
    for (const record of records) expect(decoder.decode(clone(record))).toEqual(decodeEvent(clone(record)));
    const nested = records.filter((r) => !trustedEventTypes().includes(r.type as never));
    expect(nested.map((r) => r.type).sort()).toEqual(['EntryCorrected']);
    expect(decoder.delegated).toBe(nested.length);
  });

  it('given string schemas whose rewrite or rule it cannot see, when compiled, then zod decides', () => {
    const decoder = new TrustedDecoder();
    const body = (a: z.core.$ZodType) => compileBody(z.strictObject({ a }), decoder);
    expect(body(z.string().toLowerCase())).toBeNull();
    expect(body(z.string().normalize())).toBeNull();
    expect(body(z.string().refine((v) => v !== 'x'))).toBeNull();
    expect(body(z.array(z.string().refine((v) => v !== 'x')))).toBeNull();
    // A rule on the whole object (PlanOwnerChanged: names an owner) is not seen into either.
    expect(
      compileBody(
        z.strictObject({ a: z.string() }).refine((d) => d.a !== 'x'),
        decoder,
      ),
    ).toBeNull();
    // Numbers, lists and nested objects compile; their bounds are still zod's.
    const counted = body(z.number().int().nonnegative());
    const listed = body(z.array(z.string().min(1)).min(1).max(2));
    const nested = body(z.strictObject({ n: z.number().int() }).optional());
    if (!counted || !listed || !nested) throw new Error('numbers, lists and objects compile');
    expect([{ a: 1 }, { a: 0 }, { a: -1 }, { a: 1.5 }, { a: '1' }].map(counted)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([{ a: ['x'] }, { a: [] }, { a: ['x', 'y', 'z'] }, { a: [''] }, { a: 'x' }].map(listed)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([{}, { a: { n: 1 } }, { a: { n: 1, m: 2 } }, { a: { n: 'x' } }, { a: null }].map(nested)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const trimmed = body(z.string().trim().min(2).max(3));
    expect(body(z.string().trim().max(30))).not.toBeNull();
    if (!trimmed) throw new Error('a trimmed, bounded string compiles');
    expect(
      [{ a: 'ab' }, { a: 'abc' }, { a: 'a' }, { a: 'abcd' }, { a: ' ab' }, { a: 1 }].map(trimmed),
    ).toEqual([true, true, false, false, false, false]);
  });
});
