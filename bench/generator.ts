import type { ItemKind } from '../src/domain/fields.js';
import { deterministicEventId } from '../src/domain/ids.js';
import { streamIdOf } from '../src/domain/streams.js';
import { DAY_MS, Emitter, type GeneratedEvent } from './generator-emitter.js';
import { generateItem } from './generator-item.js';
import { INSPECTION_TOPICS, PORTFOLIOS, personName } from './generator-text.js';
import { MinHeap } from './min-heap.js';
import { Rng } from './rng.js';

export { type GeneratedEvent, toNewEvent } from './generator-emitter.js';

/**
 * Bump whenever the generator's output changes for a given (size, seed): cached ledgers are
 * keyed by it, so a stale cache is never benchmarked as if it were the new shape.
 */
export const GENERATOR_VERSION = 3;

export interface GeneratorOptions {
  /** Exactly this many events are produced (a prefix, in recordedAt order, of a larger history). */
  events: number;
  seed: string;
}

/** 2008-01-01: inspections are spread from here over about sixteen years. */
const FIRST_DAY = Date.UTC(2008, 0, 1) / DAY_MS;
const SPAN_DAYS = 16 * 365;
/** Measured mean of events per inspection for this generator; only sets the spacing. */
const EVENTS_PER_INSPECTION = 900;

const BOARDS = [
  'BTPA Performance Review Group',
  'Integrity and Compliance Board',
  'Strategy and Planning Board',
];

interface Ids {
  next(kind: string): string;
}

/** One inspection, its plans (one per portfolio), their items, and its board reports. */
function generateInspection(
  rng: Rng,
  emitter: Emitter,
  ids: Ids,
  index: number,
  published: number,
): string[] {
  const inspectionId = ids.next('inspection');
  const inspectionStream = streamIdOf('inspection', inspectionId);
  const topic = rng.pick(INSPECTION_TOPICS);
  const registered = emitter.emit(rng, inspectionStream, published, {
    type: 'InspectionRegistered',
    data: {
      inspectionId,
      title: `HMIC ${topic} inspection (${index + 1})`,
      inspectorate: 'HMIC',
      fieldworkFrom: null,
      fieldworkTo: null,
      publishedOn: new Date(published * DAY_MS).toISOString().slice(0, 10),
      source: rng.chance(0.5) ? `board-paper-${index + 1}.txt` : null,
    },
  });

  const portfolios = shuffled(rng, PORTFOLIOS).slice(0, rng.int(1, 6));
  const plans = portfolios.map((p) => ({
    ...p,
    planId: ids.next('plan'),
    opened: published + rng.int(0, 14),
  }));
  const planIds = plans.map((p) => p.planId);
  const streams = [inspectionStream];
  // Commands read other streams (a plan needs its inspection, an item its plans), so each
  // stream is recorded after those it refers to, whatever the lag of the entries.
  let plansRecordedMs = registered.recordedAtMs;
  for (const plan of plans) {
    const stream = streamIdOf('plan', plan.planId);
    streams.push(stream);
    const opened = emitter.emit(
      rng,
      stream,
      plan.opened,
      {
        type: 'PlanOpened',
        data: {
          planId: plan.planId,
          inspectionId,
          portfolio: plan.portfolio,
          portfolioOwner: plan.owner,
          planOwner: personName(rng),
        },
      },
      registered.recordedAtMs + 1,
    );
    plansRecordedMs = Math.max(plansRecordedMs, opened.recordedAtMs);
    if (rng.chance(0.3)) {
      emitter.emit(rng, stream, plan.opened + rng.int(60, 400), {
        type: 'PlanOwnerChanged',
        data: { planId: plan.planId, planOwner: personName(rng) },
      });
    }
  }

  // Refs numbered across the inspection, in the seeds' styles: R.1, AFI.2 (R.1), 1.1.3, R.2.1.
  let recs = 0;
  let afis = 0;
  let lastDay = published;
  for (const plan of plans) {
    const nItems = rng.int(3, 14);
    for (let i = 0; i < nItems; i++) {
      const r = rng.next();
      const kind: ItemKind =
        r < 0.3
          ? 'recommendation'
          : r < 0.85
            ? 'area-for-improvement'
            : r < 0.95
              ? 'national-recommendation'
              : 'sub-recommendation';
      let ref: string;
      let parentRef: string | null = null;
      if (kind === 'recommendation' || (kind === 'sub-recommendation' && recs === 0)) {
        ref = `R.${++recs}`;
      } else if (kind === 'area-for-improvement') {
        parentRef = recs > 0 && rng.chance(0.6) ? `R.${rng.int(1, recs)}` : null;
        ref = parentRef ? `AFI.${++afis} (${parentRef})` : `AFI.${++afis}`;
      } else if (kind === 'national-recommendation') {
        ref = `${plans.indexOf(plan) + 1}.${i + 1}.${rng.int(1, 9)}.${afis + recs}`;
      } else {
        parentRef = `R.${rng.int(1, recs)}`;
        ref = `${parentRef}.${++afis}`;
      }
      const itemRng = rng.fork(ref);
      const end = generateItem(itemRng, emitter, {
        inspectionId,
        planId: plan.planId,
        allPlanIds: planIds,
        ref,
        kind: kind === 'sub-recommendation' && parentRef === null ? 'recommendation' : kind,
        parentRef,
        receivedDay: plan.opened + itemRng.int(0, 7),
        notBeforeMs: plansRecordedMs + 1,
      });
      lastDay = Math.max(lastDay, end);
    }
  }

  // Quarterly board reports while the plans run; the snapshot digest is left to the ledger.
  const boardId = ids.next('board');
  const boardStream = streamIdOf('board', boardId);
  streams.push(boardStream);
  const boardName = rng.pick(BOARDS);
  for (let day = published + 90; day <= lastDay; day += 91) {
    emitter.emit(rng, boardStream, day, {
      type: 'BoardReportPresented',
      data: {
        boardId,
        boardName,
        boardDate: new Date(day * DAY_MS).toISOString().slice(0, 10),
        planIds,
        asOf: new Date(day * DAY_MS).toISOString().slice(0, 10),
        knownAt: null,
        snapshotDigest: null,
      },
    });
  }
  return streams;
}

/** Fisher-Yates: Array.sort with a random comparator depends on the engine's sort algorithm. */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const byRecordedAt = (a: GeneratedEvent, b: GeneratedEvent) =>
  a.recordedAtMs < b.recordedAtMs || (a.recordedAtMs === b.recordedAtMs && a.seq < b.seq);

/**
 * The ledger's events in global (recordedAt) order, lazily: inspections are generated in
 * order of publication and merged through a heap, so only the inspections still running are
 * held in memory. Stopping after `events` events leaves a valid ledger: a prefix of the log
 * in recordedAt order is a prefix of every stream.
 */
export function* generateEvents(options: GeneratorOptions): Generator<GeneratedEvent> {
  const rng = new Rng(`plan-ledger-bench:${options.seed}`);
  const heap = new MinHeap<GeneratedEvent>(byRecordedAt);
  const emitter = new Emitter(options.seed, (event) => heap.push(event));
  let counter = 0;
  const ids: Ids = { next: (kind) => deterministicEventId(`bench-${kind}:${options.seed}:${counter++}`) };
  const meanGap = Math.max(1, SPAN_DAYS / Math.max(1, options.events / EVENTS_PER_INSPECTION));
  let emitted = 0;
  let published = FIRST_DAY;
  for (let index = 0; emitted < options.events; index++) {
    const streams = generateInspection(rng.fork(`inspection-${index}`), emitter, ids, index, published);
    emitter.forget(streams);
    published += rng.int(0, Math.round(2 * meanGap));
    // Everything recorded before the next inspection's publication can no longer be overtaken.
    const horizon = published * DAY_MS;
    while (emitted < options.events && (heap.peek()?.recordedAtMs ?? Number.POSITIVE_INFINITY) < horizon) {
      yield heap.pop() as GeneratedEvent;
      emitted++;
    }
    if (index > 1_000_000) throw new Error('generator made no progress');
  }
  // Drain: the last inspection's events may all lie beyond the final horizon.
  while (emitted < options.events && heap.size > 0) {
    yield heap.pop() as GeneratedEvent;
    emitted++;
  }
}

/** The whole ledger as an array: fine for 10k-100k events; use generateEvents beyond. */
export function generateLedger(options: GeneratorOptions): GeneratedEvent[] {
  return [...generateEvents(options)];
}
