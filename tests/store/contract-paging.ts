import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { ValidationError } from '../../src/errors.js';
import type { ReplayedEvent } from '../../src/store/event-store.js';
import { readReplayPages } from '../../src/store/read-log.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvents, uniqueStreamId } from './factories.js';

/**
 * Part of the store contract: paging the global log with the exclusive `after` cursor
 * (docs/architecture.md, Store, "Paging the log"). Positions are only assumed to increase, so
 * the same tests hold for SQLite's gapless positions and EventStoreDB's byte offsets.
 */
export function pagingContract(factory: StoreFactory): void {
  describe('readAll paging and the log look-ups', () => {
    const current = withStore(factory);

    /** Two streams written in turns: 7 events, interleaved in the log. */
    async function interleaved() {
      const { store } = current();
      const [a, b] = [uniqueStreamId('a'), uniqueStreamId('b')];
      const before = await store.headPosition();
      const appended = [
        ...(await store.append(a, newEvents(2), { expectedRevision: 'no_stream' })).events,
        ...(await store.append(b, newEvents(1), { expectedRevision: 'no_stream' })).events,
        ...(await store.append(a, newEvents(2), { expectedRevision: 1 })).events,
        ...(await store.append(b, newEvents(2), { expectedRevision: 0 })).events,
      ];
      const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId === a || e.streamId === b);
      return { store, before, appended, ours };
    }

    it('given events in two streams, when reading after the head seen before, then the log is in append order, positions increasing', async () => {
      const { store, before, appended, ours } = await interleaved();
      const read = ours(await store.readAll({ after: before }));
      expect(read).toEqual(appended);
      for (let i = 1; i < read.length; i++) {
        expect(read[i]?.position).toBeGreaterThan(read[i - 1]?.position ?? Number.POSITIVE_INFINITY);
      }
    });

    it('the first page: no cursor and after = -1 both start at the first event of the log', async () => {
      const { store } = await interleaved();
      const first = await store.readAll({ limit: 3 });
      expect(first).toHaveLength(3);
      expect(await store.readAll({ after: -1, limit: 3 })).toEqual(first);
      // Nothing lies before the first event: reading after it gives the rest of the same page.
      expect(await store.readAll({ after: first[0]?.position ?? -1, limit: 2 })).toEqual(first.slice(1));
    });

    it('page boundaries: each page starts right after the last event of the one before, nothing twice or skipped', async () => {
      const { store, before, appended, ours } = await interleaved();
      const walked: RecordedEvent[] = [];
      let after = before;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.readAll({ after, limit: 3 });
        if (page.length === 0) break;
        expect(page[0]?.position).toBeGreaterThan(after);
        walked.push(...page);
        after = page.at(-1)?.position ?? after;
      }
      expect(ours(walked)).toEqual(appended);
    });

    it('a cursor between two events is honoured exactly or refused naming `after`, never read from elsewhere', async () => {
      const { store, appended } = await interleaved();
      const gap = appended.findIndex((e, i) => i > 0 && e.position > (appended[i - 1]?.position ?? 0) + 1);
      const next = appended[gap];
      if (gap < 0 || !next) {
        // Gapless positions (SQLite): every number up to the head is an event's position.
        const [, second] = appended;
        expect((await store.readAll({ after: appended[0]?.position ?? -1, limit: 1 }))[0]).toEqual(second);
        return;
      }
      const between = (appended[gap - 1]?.position ?? 0) + 1;
      const outcome = await store.readAll({ after: between, limit: 1 }).then(
        (page) => ({ page }),
        (error: unknown) => ({ error }),
      );
      if ('page' in outcome) expect(outcome.page[0]).toEqual(next);
      else {
        expect(outcome.error).toBeInstanceOf(ValidationError);
        expect(outcome.error).toMatchObject({ issues: [{ path: 'after' }] });
      }
    });

    it('end of log: after the head, or beyond it, is an empty page', async () => {
      const { store } = await interleaved();
      const head = await store.headPosition();
      expect(await store.readAll({ after: head })).toEqual([]);
      expect(await store.readAll({ after: head + 1_000_000, limit: 5 })).toEqual([]);
    });

    it('an invalid cursor or limit is a ValidationError naming it', async () => {
      const { store } = current();
      for (const after of [-2, 1.5, Number.NaN]) {
        const error = await rejectionOf(store.readAll({ after }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ issues: [{ path: 'after' }] });
      }
      expect(await rejectionOf(store.readAll({ limit: -1 }))).toMatchObject({ issues: [{ path: 'limit' }] });
    });

    it('a replay (readReplayPages: readReplay where offered, else readAll) reads the same events, less hashes and request ids', async () => {
      const { store, before, appended, ours } = await interleaved();
      const replayed: ReplayedEvent[] = [];
      for await (const page of readReplayPages(store, { pageSize: 3, after: before })) replayed.push(...page);
      const expected = appended.map(
        ({ prevHash: _p, hash: _h, correlationId: _c, causationId: _d, ...rest }) => rest,
      );
      const replayedOurs = ours(replayed as RecordedEvent[]).map(
        ({ prevHash: _p, hash: _h, correlationId: _c, causationId: _d, ...rest }) => rest,
      );
      expect(replayedOurs).toEqual(expected);
    });

    it('readAt finds the event at a position, and null where there is none', async () => {
      const { store, appended } = await interleaved();
      const third = appended[2] ?? expect.unreachable();
      expect(await store.readAt(third.position)).toEqual(third);
      expect(await store.readAt((await store.headPosition()) + 1_000_000)).toBeNull();
    });

    it('readTail gives the last events oldest first, ending at the head', async () => {
      const { store, appended } = await interleaved();
      const tail = await store.readTail(3);
      const head = await store.headPosition();
      expect(tail.at(-1)?.position).toBe(head);
      expect(tail.map((e) => e.position)).toEqual([...tail.map((e) => e.position)].sort((x, y) => x - y));
      // Nobody else appends to a store of the contract's own (a shared server may, rarely).
      if (head === appended.at(-1)?.position) expect(tail).toEqual(appended.slice(-3));
      expect(await store.readTail(0)).toEqual([]);
    });

    it('headPosition is the position of the last appended event', async () => {
      const { store } = current();
      const { events } = await store.append(uniqueStreamId(), newEvents(3), {
        expectedRevision: 'no_stream',
      });
      expect(await store.headPosition()).toBeGreaterThanOrEqual(
        events[2]?.position ?? Number.POSITIVE_INFINITY,
      );
      const last = await store.readAt(await store.headPosition());
      expect(last?.position).toBe(await store.headPosition());
    });
  });
}
