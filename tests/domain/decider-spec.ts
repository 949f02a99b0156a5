import { expect } from 'vitest';
import type { Decider } from '../../src/domain/decider.js';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { deterministicEventId } from '../../src/domain/ids.js';
import { CURRENT_SCHEMA_VERSION, decodeEvent, type LedgerEventBody } from '../../src/domain/ledger-event.js';
import { NotFoundError, RuleViolation } from '../../src/errors.js';

/**
 * A tiny Given / When / Then for deciders (after the idea of Emmett's DeciderSpecification):
 * given past events, when a command is decided, then these events, or this rule broken.
 */

/** A past event: its body plus the envelope members date rules look at. */
export interface Given {
  body: LedgerEventBody;
  effectiveOn?: string;
  eventId?: string;
}

/** A past event dated `effectiveOn` (and, optionally, with a known id to correct later). */
export const on = (effectiveOn: string, body: LedgerEventBody, eventId?: string): Given =>
  eventId === undefined ? { body, effectiveOn } : { body, effectiveOn, eventId };

const GENESIS = '0'.repeat(64);

/** A ULID (an id people cannot read) and an ISO calendar date (people write "24 April 2009"). */
export const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/;
export const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** An event type's code name (`RagChanged`): people read "a RAG change". */
const EVENT_TYPE = new RegExp(`\\b(${Object.keys(CURRENT_SCHEMA_VERSION).join('|')})\\b`);

/** A refusal's message is for people: it names things as the paper does, never by id or ISO date. */
export function expectReadable(message: string): void {
  expect(message, 'a message people read carries no id').not.toMatch(ULID);
  expect(message, 'a message people read writes dates in words').not.toMatch(ISO_DATE);
  expect(message, 'a message people read names entries in words, not by event type').not.toMatch(EVENT_TYPE);
}

/** Wraps bodies into stored records and decodes them, as the handler would. */
function recorded(events: (LedgerEventBody | Given)[]) {
  return events.map((e, revision) => {
    const given: Given = 'body' in e ? e : { body: e };
    const record: RecordedEvent = {
      eventId: given.eventId ?? deterministicEventId(`given:${revision}`),
      type: given.body.type,
      schemaVersion: 1,
      data: given.body.data,
      effectiveOn: given.effectiveOn ?? '2011-04-01',
      actor: { id: 'test', method: 'system', requestId: null, claimedName: null },
      correlationId: null,
      causationId: null,
      streamId: 'test-stream',
      revision,
      position: revision,
      recordedAt: '2011-04-01T09:00:00.000Z',
      prevHash: GENESIS,
      hash: GENESIS,
    };
    // Written at the current version: the upcasters have their own tests.
    return decodeEvent({ ...record, schemaVersion: CURRENT_SCHEMA_VERSION[given.body.type] });
  });
}

export function deciderSpec<C, S>(decider: Decider<C, S>) {
  return {
    given(events: (LedgerEventBody | Given)[] = []) {
      const state = recorded(events).reduce(decider.evolve, decider.initialState);
      return {
        /** `skipSchema` exercises a decider's own guards for input the schema would refuse. */
        when(command: C, options: { skipSchema?: boolean } = {}) {
          // Commands pass through their schema first, as they do in the handler.
          const parse = (c: C) => (options.skipSchema ? c : decider.commandSchema.parse(c));
          const run = () => decider.decide(parse(command), state);
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary; this object is never awaited
            then(expected: LedgerEventBody[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(rule: string, field?: string) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(RuleViolation);
              expect(caught).toMatchObject(field === undefined ? { rule } : { rule, field });
              // Every refusal of every decider test is also a check of its words.
              if (caught instanceof RuleViolation) expectReadable(caught.message);
              return caught instanceof RuleViolation ? caught : null;
            },
            thenNotFound() {
              expect(run).toThrow(NotFoundError);
              try {
                run();
              } catch (error) {
                if (error instanceof NotFoundError) expectReadable(error.message);
              }
            },
          };
        },
      };
    },
  };
}
