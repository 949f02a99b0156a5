import { Readable } from 'node:stream';
import {
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  type Position,
  type ResolvedEvent,
  type StreamingRead,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EsdbClient } from '../../src/store/eventstoredb-client.js';

/**
 * An in-memory stand-in for an EventStoreDB server, behind the client's own method signatures
 * and error classes, for the behaviours only a server could otherwise show: append results with
 * throwOnAppendFailure=false, the 1 MiB append limit, a follower that lags the leader, dropped
 * subscriptions, and how many reads an operation costs. Positions are byte-offset-like: increasing,
 * with gaps, and only an event's own position is a place a read of $all may start.
 */

type Options = Parameters<EventStoreDBClient['appendToStream']>[2];
type ReadStreamOptions = Parameters<EventStoreDBClient['readStream']>[1];
type ReadAllOptions = Parameters<EventStoreDBClient['readAll']>[0];
type SubscribeOptions = Parameters<EventStoreDBClient['subscribeToAll']>[0];

class FakeRead<E> extends Readable implements StreamingRead<E> {
  constructor(items: E[], failWith?: Error) {
    let i = 0;
    super({
      objectMode: true,
      read() {
        if (failWith) this.destroy(failWith);
        else this.push(i < items.length ? items[i++] : null);
      },
    });
  }
  async cancel(): Promise<void> {
    this.destroy();
  }
}

class FakeSubscription extends Readable {
  constructor(private readonly onEnd: () => void) {
    super({ objectMode: true, read() {} });
  }
  async unsubscribe(): Promise<void> {
    this.onEnd();
    this.push(null);
  }
}

const sizeOf = (event: EventData) =>
  JSON.stringify(event.data).length + JSON.stringify(event.metadata ?? null).length;

export class FakeEsdb {
  private readonly log: AllStreamRecordedEvent[] = [];
  private readonly streams = new Map<string, AllStreamRecordedEvent[]>();
  private readonly subscribers = new Set<{ sub: FakeSubscription; after: bigint; filter: RegExp | null }>();
  private nextPosition = 1000n;
  /** The client's `throwOnAppendFailure` (a connection string setting): false reports `success: false`. */
  throwOnAppendFailure = true;
  /** The server's limit on one append's size. */
  maxAppendSize = 1_048_576;
  /** Reads not pinned to the leader see the log only up to this many records from its start (a lagging follower). */
  followerSeesFirst: number | null = null;
  /** Servers before 23.10 never send the caught-up signal on a subscription. */
  sendsCaughtUp = true;
  /** Errors the next appendToStream calls throw, in order (e.g. a connection lost mid-append). */
  readonly appendFaults: Error[] = [];
  /** What the adapter asked: every read and append, with its options. */
  readonly calls: { method: string; stream?: string; options?: unknown }[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** A client typed against the real one's methods. */
  client(): EsdbClient {
    return {
      appendToStream: (stream: string, events: EventData | EventData[], options?: Options) =>
        this.append(stream, Array.isArray(events) ? events : [events], options),
      readStream: ((stream: string, options?: ReadStreamOptions) =>
        this.readStream(stream, options)) as EsdbClient['readStream'],
      readAll: (options?: ReadAllOptions) => this.readAll(options),
      subscribeToAll: (options?: SubscribeOptions) => this.subscribe(options),
      dispose: async () => undefined,
    };
  }

  /** Ends every live subscription with `error` (a dropped connection, a leader change). */
  dropSubscriptions(error: Error): void {
    for (const s of this.subscribers) s.sub.destroy(error);
    this.subscribers.clear();
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  streamLength(stream: string): number {
    return this.streams.get(stream)?.length ?? 0;
  }

  private async append(stream: string, events: EventData[], options?: Options): Promise<AppendResult> {
    this.calls.push({ method: 'appendToStream', stream, options });
    const fault = this.appendFaults.shift();
    if (fault) throw fault;
    const size = events.reduce((n, e) => n + sizeOf(e), 0);
    if (size > this.maxAppendSize) throw new MaxAppendSizeExceededError(undefined, this.maxAppendSize);
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1;
    const expected = options?.expectedRevision ?? 'any';
    const currentRevision = current < 0 ? NO_STREAM : BigInt(current);
    // Idempotent by id at an exact expected revision: the same ids at the same places succeed again.
    if (typeof expected === 'bigint' || expected === NO_STREAM) {
      const from = expected === NO_STREAM ? 0 : Number(expected) + 1;
      const same = events.every((e, i) => existing[from + i]?.id === e.id);
      if (from + events.length <= existing.length && same) {
        return { success: true, nextExpectedRevision: BigInt(from + events.length - 1) };
      }
    }
    const ok =
      expected === 'any' ||
      (expected === NO_STREAM && current < 0) ||
      (expected === 'stream_exists' && current >= 0) ||
      (typeof expected === 'bigint' && BigInt(current) === expected);
    if (!ok) {
      if (this.throwOnAppendFailure) {
        throw new WrongExpectedVersionError(undefined, {
          streamName: stream,
          expected,
          current: currentRevision,
        });
      }
      return { success: false, nextExpectedRevision: current < 0 ? -1n : BigInt(current) };
    }
    let position: Position | undefined;
    for (const e of events) {
      const commit = this.nextPosition;
      this.nextPosition += BigInt(100 + sizeOf(e));
      position = { commit, prepare: commit };
      const recorded = {
        streamId: stream,
        id: e.id,
        isJson: true,
        revision: BigInt(existing.length),
        type: e.type,
        created: this.clock(),
        data: e.data,
        metadata: e.metadata,
        position,
      } as AllStreamRecordedEvent;
      existing.push(recorded);
      this.log.push(recorded);
      for (const s of this.subscribers) {
        if (commit > s.after && (!s.filter || s.filter.test(stream))) s.sub.push({ event: recorded });
      }
    }
    this.streams.set(stream, existing);
    return {
      success: true,
      nextExpectedRevision: BigInt(existing.length - 1),
      ...(position ? { position } : {}),
    };
  }

  /** The log as the node answering sees it: the leader's, or a lagging follower's. */
  private visible(requiresLeader: boolean | undefined): AllStreamRecordedEvent[] {
    if (requiresLeader || this.followerSeesFirst === null) return this.log;
    return this.log.slice(0, this.followerSeesFirst);
  }

  private readStream(stream: string, options: ReadStreamOptions = {}): StreamingRead<ResolvedEvent> {
    this.calls.push({ method: 'readStream', stream, options });
    const events = this.visible(options.requiresLeader).filter((e) => e.streamId === stream);
    if (events.length === 0)
      return new FakeRead<ResolvedEvent>([], new StreamNotFoundError(undefined, stream));
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    let list = backwards ? [...events].reverse() : events;
    if (typeof from === 'bigint')
      list = list.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
    const max = options.maxCount === undefined ? list.length : Number(options.maxCount);
    return new FakeRead<ResolvedEvent>(list.slice(0, max).map((event) => ({ event })));
  }

  private readAll(options: ReadAllOptions = {}): StreamingRead<AllStreamResolvedEvent> {
    this.calls.push({ method: 'readAll', options });
    const log = this.visible(options.requiresLeader);
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition;
    let list = backwards ? [...log].reverse() : log;
    if (typeof from === 'object') {
      const at = list.findIndex((e) => e.position.commit === from.commit);
      if (at < 0) {
        return new FakeRead<AllStreamResolvedEvent>(
          [],
          new Error(`position ${from.commit} is not the position of a record`),
        );
      }
      list = list.slice(at);
    } else if (from === 'end' && !backwards) list = [];
    const max = options.maxCount === undefined ? list.length : Number(options.maxCount);
    return new FakeRead<AllStreamResolvedEvent>(list.slice(0, max).map((event) => ({ event })));
  }

  private subscribe(options: SubscribeOptions = {}): AllStreamSubscription {
    this.calls.push({ method: 'subscribeToAll', options });
    const from = options.fromPosition;
    const after = typeof from === 'object' ? from.commit : -1n;
    const regex = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : null;
    const entry = { sub: new FakeSubscription(() => this.subscribers.delete(entry)), after, filter: regex };
    if (typeof from === 'object' && !this.log.some((e) => e.position.commit === from.commit)) {
      // As the server since 23.10 (InvalidPosition): only a record's own position is a place to start.
      queueMicrotask(() =>
        entry.sub.destroy(new Error(`position ${from.commit} is not the position of a record`)),
      );
      return entry.sub as unknown as AllStreamSubscription;
    }
    // Subscriptions start after the given position (exclusive), as the server's do.
    for (const event of this.log) {
      if (event.position.commit > after && (!regex || regex.test(event.streamId))) entry.sub.push({ event });
    }
    this.subscribers.add(entry);
    // The caught-up signal arrives once the catch-up events are sent, before the reader has handled them.
    if (this.sendsCaughtUp) queueMicrotask(() => entry.sub.emit('caughtUp'));
    return entry.sub as unknown as AllStreamSubscription;
  }
}
