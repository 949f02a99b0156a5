import type { RecordedEvent } from '../../domain/envelope.js';
import { itemIdFor } from '../../domain/ids.js';
import { streamIdOf } from '../../domain/streams.js';
import type { ImportPlan, PlannedStream } from './planned-command.js';

/**
 * Ledgers imported before rows without a ref were known by their wording hold such items under
 * `line-N` (the row's line then). A planned item with a `lineKey` whose own stream is new takes
 * over a held `line-…` item of the same inspection, kind and wording instead of creating another:
 * first the one at its own former key, then any other the ledger lists under the paper's plans
 * (the row may have moved since). Pure but for the reads it is given.
 */

/** Wording compared: case, punctuation and spacing ignored. */
const wording = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

interface Receipt {
  readonly inspectionId: string;
  readonly ref: string;
  readonly kind: string;
  readonly text: string;
}

function receiptOf(stream: PlannedStream): Receipt | null {
  const first = stream.commands[0]?.command;
  return first?.type === 'ReceiveRecommendation' ? first.data : null;
}

function heldReceipt(events: readonly RecordedEvent[]): Receipt | null {
  const received = events.find((e) => e.type === 'RecommendationReceived');
  return received ? (received.data as Receipt) : null;
}

/** Every occurrence of `from` in a command's data (ids, the ref) replaced by `to`. */
function replaced<T>(value: T, swaps: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (swaps.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => replaced(v, swaps)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaced(v, swaps)])) as T;
  return value;
}

/** The planned stream moved onto the held item: its stream, item id and ref. */
function onto(stream: PlannedStream, own: Receipt, held: Receipt, heldStreamId: string): PlannedStream {
  const swaps = new Map([
    [itemIdFor(own.inspectionId, own.ref), itemIdFor(held.inspectionId, held.ref)],
    [own.ref, held.ref],
  ]);
  return {
    ...stream,
    streamId: heldStreamId,
    commands: stream.commands.map((c) => ({ ...c, command: replaced(c.command, swaps) })),
  };
}

/** Where the held item candidates come from. */
export interface LineKeyedReads {
  readStream(streamId: string): Promise<readonly RecordedEvent[]>;
  /** The `line-…` items the ledger lists under the paper's plans; absent: only each row's former key is tried. */
  listedRefs?: () => Promise<ReadonlyArray<{ itemId: string; ref: string }>>;
}

/**
 * The plan with each new ref-less item moved onto the held `line-…` item it is, where the ledger
 * holds one; `existing` gains the held streams' events. Each held item is taken at most once.
 */
export async function adoptLineKeyedItems(
  plan: ImportPlan,
  existing: Map<string, readonly RecordedEvent[]>,
  reads: LineKeyedReads,
): Promise<ImportPlan> {
  const pending = plan.streams.filter(
    (s) => s.lineKey !== undefined && (existing.get(s.streamId)?.length ?? 0) === 0,
  );
  if (pending.length === 0) return plan;
  const taken = new Set(plan.streams.map((s) => s.streamId));
  const held = new Map<string, Receipt | null>();
  const receiptAt = async (streamId: string) => {
    if (!held.has(streamId)) {
      const events = await reads.readStream(streamId);
      held.set(streamId, heldReceipt(events));
      if (events.length > 0) existing.set(streamId, events);
    }
    return held.get(streamId) ?? null;
  };
  let listed: string[] | null = null;
  const moved = new Map<string, PlannedStream>();
  for (const stream of pending) {
    const own = receiptOf(stream);
    if (own === null || stream.lineKey === undefined) continue;
    const fits = (h: Receipt | null) =>
      h !== null &&
      h.inspectionId === own.inspectionId &&
      h.kind === own.kind &&
      wording(h.text) === wording(own.text);
    const former = streamIdOf('item', itemIdFor(own.inspectionId, stream.lineKey));
    let match: string | null = !taken.has(former) && fits(await receiptAt(former)) ? former : null;
    if (match === null && reads.listedRefs) {
      listed ??= (await reads.listedRefs())
        .filter((i) => /^line-\d+$/.test(i.ref))
        .map((i) => streamIdOf('item', i.itemId));
      for (const candidate of listed) {
        if (taken.has(candidate)) continue;
        if (fits(await receiptAt(candidate))) {
          match = candidate;
          break;
        }
      }
    }
    const heldReceiptOf = match === null ? null : held.get(match);
    if (match === null || heldReceiptOf == null) continue;
    taken.add(match);
    moved.set(stream.streamId, onto(stream, own, heldReceiptOf, match));
  }
  if (moved.size === 0) return plan;
  return { ...plan, streams: plan.streams.map((s) => moved.get(s.streamId) ?? s) };
}
