import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { verifyBoardReport } from '../../projections/board-snapshot.js';
import { boardSummary } from '../../projections/runtime/queries.js';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { decodeEvent } from '../../src/domain/ledger-event.js';
import { loadSampleIfEmpty, SAMPLE_IDS, sampleSteps } from '../../src/sample/load-sample.js';
import { sampleBoard, sampleItems } from '../../src/sample/sample-plan.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvent, tempDir } from '../store/factories.js';

describe('sample data', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let store: EventStore;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-sample-');
    store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('given an empty ledger, when the sample loads, then every command became events that decode and verify', async () => {
    const appended = await loadSampleIfEmpty(store, { newId: ulid });
    const events = (await store.readAll({ limit: 10_000 })).map(decodeEvent);
    expect(appended).toBe(events.length);
    expect(events.length).toBeGreaterThanOrEqual(sampleSteps().length);
    expect((await verifyLedger(store)).ok).toBe(true);
  });

  it('then it is shaped like a real plan: two portfolios, a dozen items, months of updates, a transfer, a completion', async () => {
    await loadSampleIfEmpty(store, { newId: ulid });
    const events = (await store.readAll({ limit: 10_000 })).map(decodeEvent);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('PlanOpened')).toBe(2);
    expect(count('RecommendationReceived')).toBe(sampleItems.length);
    expect(sampleItems.length).toBe(12);
    expect(count('TransferredBetweenPortfolios')).toBe(1);
    expect(count('MarkedComplete')).toBe(1);
    expect(count('BoardReportPresented')).toBe(1);
    const updateMonths = new Set(
      events.filter((e) => e.type === 'UpdatePosted').map((e) => e.effectiveOn.slice(0, 7)),
    );
    expect(updateMonths.size).toBeGreaterThanOrEqual(4);
    const board = events.find((e) => e.type === 'BoardReportPresented');
    expect(board?.streamId).toBe(`board-${SAMPLE_IDS.board}`);
  });

  it('then its board report is presented as a paper is: what the board saw on its date has real figures and a digest that verifies', async () => {
    await loadSampleIfEmpty(store, { newId: ulid });
    const index = new AsOfIndex();
    for (const record of await store.readAll({ limit: 10_000 })) index.apply(decodeEvent(record));
    const summary = boardSummary({ index }, { reportedOn: sampleBoard.presentedOn });
    expect(summary.report).toMatchObject({ boardName: sampleBoard.name, boardDate: sampleBoard.presentedOn });
    const { recommendations, areasForImprovement } = summary.overall;
    expect(recommendations.total + areasForImprovement.total).toBeGreaterThan(0);
    expect(summary.report?.snapshotDigest).toMatch(/^[0-9a-f]{64}$/);
    const check = verifyBoardReport(index, SAMPLE_IDS.board, 0, new Date().toISOString());
    expect(check.matches).toBe(true);
  });

  it('given a ledger that already holds events, the sample is not loaded', async () => {
    await store.append('test-stream', [newEvent()], { expectedRevision: 'no_stream' });
    expect(await loadSampleIfEmpty(store, { newId: ulid })).toBe(0);
    expect(await store.headPosition()).toBe(0);
  });
});
