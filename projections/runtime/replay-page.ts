import type { Actor } from '../../src/domain/envelope.js';
import type { Provenance } from '../../src/domain/provenance.js';
import { parseStreamId, type StreamKind } from '../../src/domain/streams.js';
import { isSystemStream } from '../../src/domain/system-streams.js';
import { StringCodes } from '../../src/lib/string-codes.js';
import type { ReplayedEvent } from '../../src/store/event-store.js';
import { appendPage, PageNumbering } from '../append-page.js';
import type { AsOfIndex } from '../as-of-index.js';
import {
  type ColumnsPage,
  ColumnsPageBuilder,
  type InternedValues,
  internedValues,
  pageBuffers,
} from '../columns-page.js';
import type { EventColumns } from '../event-columns.js';
import { linkItem, planIdsNamedBy } from '../item-plan-links.js';
import type { Route } from '../stream-route.js';
import type { TrustedDecoder } from './trusted-decode.js';

/** The stream kinds whose columns a page carries, in this order (a page event's `kinds` value). */
export const KINDS = ['item', 'plan', 'inspection', 'board'] as const satisfies readonly StreamKind[];
/** A page event of a stream no read model reads (applied, counted, nowhere kept). */
const ELSEWHERE = 4;
/** A page event of the ledger's own streams (keys, idempotency records): passed over. */
const SYSTEM = 5;

/**
 * One page of the log as a replay thread hands it over (docs/architecture.md, "Runner and
 * persistence", "Rebuild off the event loop"): every event read, decoded and checked, as
 * rows of its kind's columns (`ColumnsPage`), plus what `AsOfIndex.apply` learns of each
 * besides its row: where it goes, its position, the plans an item event names.
 */
export interface ReplayPage {
  /** Per event, log order: an index into KINDS, ELSEWHERE or SYSTEM. */
  kinds: Uint8Array;
  /** Per event, its position in the log. */
  positions: Float64Array;
  /** Per kind (KINDS order), the rows of this page. */
  columns: ColumnsPage[];
  /** [event of the page, plan id] for each plan an item event names (planIdsNamedBy). */
  links: [number, string][];
  /** The latest recordedAt of the events applied ('' when none). */
  lastRecordedAt: string;
  /** Positions of the page's first and last events applied (-1: none). */
  firstPosition: number;
  lastPosition: number;
}

/** The buffers of a page, to transfer rather than copy. */
export function replayPageBuffers(page: ReplayPage): ArrayBuffer[] {
  return [
    page.kinds.buffer as ArrayBuffer,
    page.positions.buffer as ArrayBuffer,
    ...page.columns.flatMap(pageBuffers),
  ];
}

/**
 * Turns pages of replayed records into `ReplayPage`s: each record is decoded by `decoder`
 * (the trusted decoder: refused exactly as in a replay on the main thread) and numbered into
 * its kind's columns as a fresh index would number it.
 */
export class ReplayPageBuilder {
  private readonly builders: ColumnsPageBuilder[];
  /**
   * Each stream's kind and number in its kind's columns, as `kind + 8 * number`: one look-up
   * per event for both.
   */
  private readonly kindOf = new StringCodes(1 << 16);
  /** Per record of the page being built, its stream's number. */
  private streams = new Int32Array(0);

  constructor(
    private readonly decoder: TrustedDecoder,
    private readonly capacity: number,
  ) {
    this.builders = KINDS.map(() => new ColumnsPageBuilder());
  }

  /** Numbers what an index replayed before the thread took over as it did (`tablesOf`). */
  seed(tables: InternedValues[]): void {
    for (const [k, kind] of tables.entries()) (this.builders[k] as ColumnsPageBuilder).seed(kind);
  }

  build(records: readonly ReplayedEvent[]): ReplayPage {
    const n = records.length;
    if (n > this.capacity) throw new Error(`a page of ${n} records exceeds ${this.capacity}`);
    const kinds = new Uint8Array(n);
    const positions = new Float64Array(n);
    const links: [number, string][] = [];
    let lastRecordedAt = '';
    let firstPosition = -1;
    let lastPosition = -1;
    // Where each record goes first, so each kind's page is made to its size. Streams are
    // numbered here in log order, as pushing the rows in order would number them.
    const counts = [0, 0, 0, 0, 0, 0];
    if (this.streams.length < n) this.streams = new Int32Array(this.capacity);
    const streams = this.streams;
    for (let i = 0; i < n; i++) {
      const { streamId } = records[i] as ReplayedEvent;
      let code = this.kindOf.get(streamId);
      if (code < 0) {
        const kind = this.kindFor(streamId);
        code =
          kind < KINDS.length
            ? kind + 8 * (this.builders[kind] as ColumnsPageBuilder).streamNumber(streamId)
            : kind;
        this.kindOf.set(streamId, code);
      }
      const kind = code & 7;
      kinds[i] = kind;
      streams[i] = code >>> 3;
      counts[kind] = (counts[kind] as number) + 1;
    }
    for (const [k, builder] of this.builders.entries()) builder.start(counts[k] as number);
    for (let i = 0; i < n; i++) {
      const record = records[i] as ReplayedEvent;
      positions[i] = record.position;
      const kind = kinds[i] as number;
      if (kind === SYSTEM) continue;
      if (firstPosition < 0) firstPosition = record.position;
      lastPosition = record.position;
      if (record.recordedAt > lastRecordedAt) lastRecordedAt = record.recordedAt;
      const stream = streams[i] as number;
      if (kind === 0) {
        // Most item events are progress updates kept as their text: no event is made for them.
        const text = this.decoder.plainUpdateText(record);
        if (text !== null) {
          (this.builders[0] as ColumnsPageBuilder).pushUpdateText(
            record,
            this.decoder.sharedActor(record.actor),
            stream,
            text,
          );
          continue;
        }
      }
      const event = this.decoder.decode(record);
      if (kind === ELSEWHERE) continue;
      (this.builders[kind] as ColumnsPageBuilder).push(event, stream);
      if (kind === 0) for (const planId of planIdsNamedBy(event)) links.push([i, planId]);
    }
    const columns = this.builders.map((builder) => builder.take());
    return { kinds, positions, columns, links, lastRecordedAt, firstPosition, lastPosition };
  }

  private kindFor(streamId: string): number {
    if (isSystemStream(streamId)) return SYSTEM;
    const stream = parseStreamId(streamId);
    return stream === null ? ELSEWHERE : KINDS.indexOf(stream.kind);
  }
}

/** Each kind's intern tables in `index` (KINDS order), to seed a replay thread's builder with. */
export function tablesOf(index: AsOfIndex): InternedValues[] {
  return KINDS.map((kind) => internedValues(index.columns[kind]));
}

/**
 * Feeds `ReplayPage`s to an index in a rebuild's first pass (`AsOfIndex.deferFolds`): the
 * rows go into the columns page by page, then each event joins its stream (placed, folded and
 * counted later, as after `apply`), in log order. The index then holds what `apply` of every
 * decoded event would have given it. Pages come from `producers` threads, each seeded with
 * the index's tables as they are when the feed is made (`tablesOf`), each page's numbers
 * mapped from its producer's (`PageNumbering`).
 */
export class ReplayPageFeed {
  /** One string per id met in bodies and links (as the trusted decoder shares them). */
  private readonly ids = new Map<string, string>();
  private readonly provenances = new Map<string, Provenance>();
  /** Per kind (KINDS order), each stream's route by its number in the kind's columns. */
  private readonly routes: Route[][] = KINDS.map(() => []);
  /** Per producer, per kind (KINDS order), how its numbers map to the columns'. */
  private readonly numberings: PageNumbering[][];

  constructor(
    private readonly index: AsOfIndex,
    /** The index's own decoder: pages' actors become its shared objects (`PageNumbering`). */
    decoder: TrustedDecoder,
    producers = 1,
  ) {
    const share = (actor: Actor) => decoder.sharedActor(actor);
    this.numberings = Array.from({ length: producers }, () =>
      KINDS.map((kind) => new PageNumbering(index.columns[kind], share)),
    );
  }

  /** Adds `page`, made by producer number `producer`; pages must come in log order. */
  feed(page: ReplayPage, producer = 0): void {
    const { index } = this;
    const numberings = this.numberings[producer];
    if (numberings === undefined) throw new Error(`no page producer ${producer}`);
    const bases = KINDS.map((kind, k) =>
      appendPage(
        index.columns[kind],
        page.columns[k] as ColumnsPage,
        numberings[k] as PageNumbering,
        this.ids,
        this.provenances,
      ),
    );
    const next = bases.slice();
    const { kinds, positions, links } = page;
    let link = 0;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i] as number;
      const position = positions[i] as number;
      if (kind === SYSTEM) index.passOver(position);
      else if (kind === ELSEWHERE) index.applyElsewhere(position);
      else {
        const row = next[kind] as number;
        next[kind] = row + 1;
        const route = this.routeOf(kind, row);
        index.applyRow(route, row, position);
        while (link < links.length && (links[link] as [number, string])[0] === i) {
          const planId = (links[link] as [number, string])[1];
          linkItem(index.planItems, this.shared(planId), route.id);
          link++;
        }
      }
    }
    if (page.lastRecordedAt > index.lastRecordedAt) index.lastRecordedAt = page.lastRecordedAt;
  }

  /** The route of row `row` of kind `kind`: looked up by its stream's number, not its id. */
  private routeOf(kind: number, row: number): Route {
    const columns = this.index.columns[KINDS[kind] as StreamKind];
    const stream = columns.stream[row] as number;
    const routes = this.routes[kind] as Route[];
    let route = routes[stream];
    if (route === undefined) {
      // Numbered in order (appendPage checks): the list stays dense.
      while (routes.length < stream) routes.push(this.routeNumbered(columns, routes.length));
      route = this.routeNumbered(columns, stream);
      routes.push(route);
    }
    return route;
  }

  private routeNumbered(columns: EventColumns, stream: number): Route {
    const route = this.index.routeOf(columns.streams.values[stream] as string);
    if (route === null) throw new Error('unreachable: a page row of a stream kind is routed');
    return route;
  }

  private shared(id: string): string {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    this.ids.set(id, id);
    return id;
  }
}
