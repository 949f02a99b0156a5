import { BoardCommand } from '../domain/board-commands.js';
import { boardDecider } from '../domain/board-decider.js';
import { type Decider, unreachable } from '../domain/decider.js';
import type { RecordedEvent } from '../domain/envelope.js';
import type { Ulid } from '../domain/fields.js';
import { itemIdFor } from '../domain/ids.js';
import { InspectionCommand } from '../domain/inspection-commands.js';
import { inspectionDecider } from '../domain/inspection-decider.js';
import { ItemCommand } from '../domain/item-commands.js';
import { itemDecider } from '../domain/item-decider.js';
import type { LedgerCommand, LedgerCommandInput } from '../domain/ledger-commands.js';

type LedgerCommandType = LedgerCommandInput['type'];

import { decodeEvent, type LedgerEvent, type LedgerEventBody } from '../domain/ledger-event.js';
import { PlanCommand, type PlanRef } from '../domain/plan-commands.js';
import { planDecider } from '../domain/plan-decider.js';
import { type StreamKind, streamIdOf } from '../domain/streams.js';
import { ValidationError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';
import { cachePerStore } from './stream-cache.js';

/**
 * The registry of aggregates: for each stream kind, its decider, the command that creates it,
 * its shared stream cache and what other streams' commands need to know of it. The command
 * handler, the context loaders, the API's scope check and the importer all go through this, so
 * there is one answer to "which decider judges this stream" (docs/architecture.md, "Domain and
 * commands"). `commandTarget` is the one place a command's stream is worked out.
 */

/** What another stream's command needs to know of this one: an inspection, or a plan. */
export type StreamRef = { kind: 'inspection'; inspectionId: Ulid } | ({ kind: 'plan' } & PlanRef);

/** A stream folded to some state, with the operations a caller needs; the state stays the decider's. */
export interface FoldedStream {
  /** Decides a command against this state; a command of another aggregate is a ValidationError. */
  decide(command: LedgerCommand): LedgerEventBody[];
  /** The state after one more event. */
  evolve(event: LedgerEvent): FoldedStream;
  /** What other streams' commands need to know of this stream; null while it does not exist. */
  readonly ref: StreamRef | null;
}

export interface Aggregate {
  readonly kind: StreamKind;
  /** The command that creates the stream; any other command on a missing stream is a 404. */
  readonly creates: LedgerCommandType;
  /** Folds stored records from the initial state (the importer's path). */
  fold(records: readonly RecordedEvent[]): FoldedStream;
  /** Loads a stream through the shared cache: its records, revision (-1: missing) and state. */
  load(store: EventStore, streamId: string): Promise<LoadedStream>;
  /** The stream as the shared cache last folded it, without a read: it may be behind the log. */
  cached(store: EventStore, streamId: string): LoadedStream | null;
  /** Tells the shared cache of events this process has just appended to the stream. */
  appended(store: EventStore, streamId: string, events: readonly RecordedEvent[]): void;
}

/** A stream as the command handler sees it: its records, revision (-1: missing) and state. */
export interface LoadedStream {
  records: RecordedEvent[];
  revision: number;
  stream: FoldedStream;
}

/** A discriminated union of commands: its members' `type` literals tell which commands an aggregate takes. */
interface CommandUnion {
  readonly options: readonly { readonly shape: { readonly type: { readonly value: string } } }[];
}

interface AggregateDef<C extends LedgerCommand, S> {
  kind: StreamKind;
  decider: Decider<C, S>;
  commands: CommandUnion;
  creates: LedgerCommandType;
  ref: (state: S) => StreamRef | null;
}

/**
 * A state of one aggregate. A class, not an object of closures per state: an import folds
 * ~70,000 events, each a new state, and closures per state cost an allocation each and (under
 * tsx, which keeps function names) a `defineProperty` for the name of each arrow.
 */
class Folded<C extends LedgerCommand, S> implements FoldedStream {
  constructor(
    private readonly def: AggregateDef<C, S>,
    private readonly types: ReadonlySet<string>,
    private readonly state: S,
  ) {}

  decide(command: LedgerCommand): LedgerEventBody[] {
    if (!this.accepts(command)) {
      throw new ValidationError(`invalid command for the ${this.def.kind} stream`, [
        { path: 'command.type', message: `${command.type} is not a command of the ${this.def.kind} stream` },
      ]);
    }
    return this.def.decider.decide(command, this.state);
  }

  evolve(event: LedgerEvent): FoldedStream {
    return new Folded(this.def, this.types, this.def.decider.evolve(this.state, event));
  }

  get ref(): StreamRef | null {
    return this.def.ref(this.state);
  }

  private accepts(command: LedgerCommand): command is C {
    return this.types.has(command.type);
  }
}

function defineAggregate<C extends LedgerCommand, S>(def: AggregateDef<C, S>) {
  const types: ReadonlySet<string> = new Set(def.commands.options.map((o) => o.shape.type.value));
  const folded = (state: S): FoldedStream => new Folded(def, types, state);
  const cache = cachePerStore(def.decider);
  const aggregate: Aggregate = {
    kind: def.kind,
    creates: def.creates,
    fold: (records) => folded(records.map(decodeEvent).reduce(def.decider.evolve, def.decider.initialState)),
    async load(store, streamId) {
      const entry = await cache(store).load(store, streamId);
      return { records: entry.records, revision: entry.revision, stream: folded(entry.state) };
    },
    cached(store, streamId) {
      const entry = cache(store).peek(streamId);
      return entry ? { records: entry.records, revision: entry.revision, stream: folded(entry.state) } : null;
    },
    appended(store, streamId, events) {
      cache(store).appended(streamId, events);
    },
  };
  return { ...aggregate, cache };
}

/**
 * Every aggregate. `cache` is the typed stream cache (one per store) that the handler, the
 * context loaders and the API's scope check share, so a stream read for one purpose is not
 * read and folded again for another.
 */
export const aggregates = {
  inspection: defineAggregate({
    kind: 'inspection',
    decider: inspectionDecider,
    commands: InspectionCommand,
    creates: 'RegisterInspection',
    ref: (s) => (s.inspection ? { kind: 'inspection', inspectionId: s.inspection.inspectionId } : null),
  }),
  plan: defineAggregate({
    kind: 'plan',
    decider: planDecider,
    commands: PlanCommand,
    creates: 'OpenPlan',
    ref: (s) => (s.plan ? { kind: 'plan', planId: s.plan.planId, inspectionId: s.plan.inspectionId } : null),
  }),
  item: defineAggregate({
    kind: 'item',
    decider: itemDecider,
    commands: ItemCommand,
    creates: 'ReceiveRecommendation',
    ref: () => null,
  }),
  board: defineAggregate({
    kind: 'board',
    decider: boardDecider,
    commands: BoardCommand,
    creates: 'PresentBoardReport',
    ref: () => null,
  }),
};

export const aggregateOf = (kind: StreamKind): Aggregate => aggregates[kind];

/** A stream by kind and id (a module function: a closure per call cost tsx a name each). */
const targetAt = (kind: StreamKind, id: Ulid, field: string): CommandTarget => ({
  kind,
  streamId: streamIdOf(kind, id),
  field,
});

/** The stream a command is addressed to, and the field of the command that names it. */
export interface CommandTarget {
  kind: StreamKind;
  streamId: string;
  field: string;
}

/**
 * The stream a command is addressed to, from its data: the one place this is worked out.
 * Null for corrections and retractions, which go to whichever stream holds the event they name.
 */
export function commandTarget(command: LedgerCommandInput): CommandTarget | null {
  switch (command.type) {
    case 'RegisterInspection':
      return targetAt('inspection', command.data.inspectionId, 'data.inspectionId');
    case 'OpenPlan':
    case 'ChangePlanOwner':
      return targetAt('plan', command.data.planId, 'data.planId');
    case 'ReceiveRecommendation':
      // The item's id is derived from (inspection, ref): its stream is known before it exists.
      return targetAt('item', itemIdFor(command.data.inspectionId, command.data.ref), 'data.ref');
    case 'AssignOwner':
    case 'ChangeDueDate':
    case 'RecordResponse':
    case 'PostUpdate':
    case 'ChangeRag':
    case 'MarkComplete':
    case 'Reopen':
    case 'MarkNotApplicable':
    case 'TransferToPlan':
    case 'AllocateJointly':
      return targetAt('item', command.data.itemId, 'data.itemId');
    case 'PresentBoardReport':
      return targetAt('board', command.data.boardId, 'data.boardId');
    case 'CorrectEntry':
    case 'RetractEntry':
      return null;
    default:
      return unreachable(command);
  }
}
