import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import type { Actor, NewEvent } from '../../src/domain/envelope.js';

/**
 * Small factories for store tests (and any other test that needs raw events). Event bodies are
 * deliberately not ledger events: the store must treat `data` as opaque JSON.
 */

/** An actor as the server would stamp it. */
export function testActor(overrides: Partial<Actor> = {}): Actor {
  return { id: 'key_test', method: 'api-key', requestId: `req-${ulid()}`, claimedName: null, ...overrides };
}

/** One new event with a fresh ULID; override any field. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: ulid(),
    type: 'TestEventHappened',
    schemaVersion: 1,
    effectiveOn: '2011-04-27',
    actor: testActor(),
    correlationId: `corr-${ulid()}`,
    causationId: null,
    data: { note: 'something happened', n: 1 },
    ...overrides,
  };
}

/** `count` new events, numbered in `data.n` from 0 so their order can be checked. */
export function newEvents(count: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent({ data: { note: `event ${n}`, n }, ...overrides }));
}

/** A stream id no other test (or run against a shared server) will use. */
export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${ulid().toLowerCase()}`;
}

/** A clock that returns `start` and moves `stepMs` forward on every reading. */
export function steppingClock(start = '2011-04-27T09:30:00.000Z', stepMs = 1000): () => Date {
  let now = Date.parse(start);
  return () => {
    const reading = new Date(now);
    now += stepMs;
    return reading;
  };
}

/** A fresh temp directory and a function that removes it. */
export async function tempDir(
  prefix = 'plan-ledger-store-',
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
