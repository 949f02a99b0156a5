import type { EventColumns } from './event-columns.js';
import { copyItem, evolveItem, type ItemView } from './item-view.js';
import { PostedEntry, plainEntries } from './posted-entry.js';

/**
 * How a timeline keeps its cached prefix folds (its checkpoints): `pack` turns the fold of
 * `view[0 .. length)` (rows in `columns`) into what is kept, given the checkpoint kept before
 * it; `unpack` gives the state back, equal to the one packed. A read unpacks one checkpoint and
 * folds < K facts from it.
 */
export interface CheckpointCodec<S> {
  pack(
    state: S | null,
    previous: unknown,
    view: readonly number[],
    length: number,
    columns: EventColumns,
  ): unknown;
  unpack(kept: unknown, columns: EventColumns): S | null;
  /** For a fold whose progress updates a catch-up may fold later, in runs (items'): see `UpdateRuns`. */
  readonly updates?: UpdateRuns<S>;
  /**
   * Makes a state about to be handed to a reader hold plain data where `unpack` or
   * `updates.fold` left parts to be read when asked for (items': posted-entry.ts), in place.
   */
  readonly forReader?: (state: S) => void;
}

/**
 * A run of progress updates (`UpdatePosted`) landing in order at the end of a view, folded in
 * one step: each update only replaces the latest entry and the latest post with its own, adds
 * one to the count and stamps its revision and day, so the fold of the run is the fold of its
 * last row with the count raised by the run's length. A catch-up keeps the run pending while it
 * lasts (timeline-placement.ts), so its updates' texts are never joined from their codes and
 * no state is made per update; the state is made when read.
 */
export interface UpdateRuns<S> {
  /** `state` with the `count` updates ending at row `row` folded in (as the fold gives it). */
  fold(state: S, row: number, count: number, columns: EventColumns): S;
  /**
   * What `pack` keeps of that state, made without it (`previous`: the checkpoint before it);
   * undefined when `pack` would keep the state whole (then it is made and packed).
   */
  pack(state: S, previous: unknown, row: number, count: number, columns: EventColumns): unknown;
}

const asIs: CheckpointCodec<unknown> = {
  pack: (state) => state,
  unpack: (kept) => kept,
};

/**
 * An item's state at a checkpoint, kept as what changed since an earlier one (`base`): the
 * fields most facts change (an update, a RAG change, a completion), the rest read from `base`,
 * an earlier checkpoint's whole state whose other fields are the very same values. The latest
 * progress update is kept as the row that posted it (`postedRow`; -1: none), its text read
 * from the columns when the checkpoint is unpacked.
 *
 * Why (docs/architecture.md, "Index layout and cost"): checkpoints (one per 2 facts) were a
 * fifth of a built index's heap, each a whole 29-field view (≈ 260 bytes with its two
 * latest-update objects) though most differ from the one before in a handful of fields; and
 * a text held here would keep a string alive that the columns keep as codes (text-arena.ts).
 */
class ItemCheckpoint {
  constructor(
    readonly base: ItemView,
    readonly postedRow: number,
    readonly updatesCount: number,
    readonly rag: ItemView['rag'],
    readonly status: ItemView['status'],
    readonly closedOn: string | null,
    readonly revision: number,
    readonly lastChangedOn: string,
  ) {}
}

/**
 * A checkpoint whose latest entry is not its latest progress update (a response recorded after
 * the last update): that entry is kept too. Most are the same entry (an update is both).
 */
class PostedApartCheckpoint extends ItemCheckpoint {
  constructor(
    base: ItemView,
    postedRow: number,
    readonly latestUpdate: ItemView['latestUpdate'],
    updatesCount: number,
    rag: ItemView['rag'],
    status: ItemView['status'],
    closedOn: string | null,
    revision: number,
    lastChangedOn: string,
  ) {
    super(base, postedRow, updatesCount, rag, status, closedOn, revision, lastChangedOn);
  }
}

/**
 * The row of the latest progress update folded into view[0 .. length), -1 when there is none;
 * also -1 when its date is not `posted`'s (never, with evolveItem: a fact after it on the view
 * would have to change the latest update without being one).
 */
function postedRowOf(
  posted: NonNullable<ItemView['latestPosted']>,
  view: readonly number[],
  length: number,
  columns: EventColumns,
): number {
  // evolveItem sets `latestPosted` from an UpdatePosted only: the last one in fold order.
  const { type } = columns;
  const update = columns.types.numberIfKnown('UpdatePosted');
  for (let i = length - 1; i >= 0; i--) {
    const row = view[i] as number;
    if (type[row] !== update) continue;
    return columns.effectiveOn(row) === posted.effectiveOn ? row : -1;
  }
  return -1;
}

/** True when `state` holds the very values of `base` in every field ItemCheckpoint does not keep. */
function sameRest(base: ItemView, state: ItemView): boolean {
  return (
    base.itemId === state.itemId &&
    base.inspectionId === state.inspectionId &&
    base.planId === state.planId &&
    base.ref === state.ref &&
    base.uniqueRef === state.uniqueRef &&
    base.kind === state.kind &&
    base.parentRef === state.parentRef &&
    base.text === state.text &&
    base.reportReference === state.reportReference &&
    base.section === state.section &&
    base.timescale === state.timescale &&
    base.strategicLead === state.strategicLead &&
    base.actionOwner === state.actionOwner &&
    base.dueDate === state.dueDate &&
    base.escalated === state.escalated &&
    base.initialResponse === state.initialResponse &&
    base.respondedOn === state.respondedOn &&
    base.jointAllocation === state.jointAllocation &&
    base.transfers === state.transfers &&
    base.listings === state.listings &&
    base.receivedOn === state.receivedOn
  );
}

const itemUpdates: UpdateRuns<ItemView> = {
  fold(state, row, count, columns) {
    // evolveItem's UpdatePosted step, `count` times over: the last one's entry, stamp and count.
    const next = copyItem(state);
    const effectiveOn = columns.effectiveOn(row);
    const latest = new PostedEntry(columns, row, effectiveOn);
    next.latestUpdate = latest;
    next.latestPosted = latest;
    next.updatesCount = state.updatesCount + count;
    next.revision = columns.revision[row] as number;
    next.lastChangedOn = effectiveOn;
    return next;
  },
  pack(state, previous, row, count, columns) {
    // As itemCheckpoints.pack: the run changes no field `sameRest` compares, and its last row is
    // the view's last, an update whose day is its own latest post's (postedRowOf finds it).
    const base = previous instanceof ItemCheckpoint ? previous.base : (previous as ItemView | null);
    if (base === null || !sameRest(base, state)) return undefined;
    return new ItemCheckpoint(
      base,
      row,
      state.updatesCount + count,
      state.rag,
      state.status,
      state.closedOn,
      columns.revision[row] as number,
      columns.effectiveOn(row),
    );
  },
};

const itemCheckpoints: CheckpointCodec<ItemView> = {
  updates: itemUpdates,
  forReader: plainEntries,
  pack(state, previous, view, length, columns) {
    if (state === null) return null;
    const base = previous instanceof ItemCheckpoint ? previous.base : (previous as ItemView | null);
    // No earlier state with these values: this one is kept whole and becomes the next base.
    if (base === null || !sameRest(base, state)) return state;
    const { latestUpdate, latestPosted } = state;
    const postedRow = latestPosted === null ? -1 : postedRowOf(latestPosted, view, length, columns);
    if (latestPosted !== null && postedRow < 0) return state;
    if (latestPosted === latestUpdate)
      return new ItemCheckpoint(
        base,
        postedRow,
        state.updatesCount,
        state.rag,
        state.status,
        state.closedOn,
        state.revision,
        state.lastChangedOn,
      );
    return new PostedApartCheckpoint(
      base,
      postedRow,
      latestUpdate,
      state.updatesCount,
      state.rag,
      state.status,
      state.closedOn,
      state.revision,
      state.lastChangedOn,
    );
  },
  unpack(kept, columns) {
    if (!(kept instanceof ItemCheckpoint)) return kept as ItemView | null;
    const row = kept.postedRow;
    // One object for both when they are one entry, as the fold of an update makes it.
    const latestPosted = row < 0 ? null : new PostedEntry(columns, row, columns.effectiveOn(row));
    const latestUpdate = kept instanceof PostedApartCheckpoint ? kept.latestUpdate : latestPosted;
    // A copy field by field (a spread of the 29 fields was most of a read's cost: copyItem).
    const state = copyItem(kept.base);
    state.latestUpdate = latestUpdate;
    state.latestPosted = latestPosted;
    state.updatesCount = kept.updatesCount;
    state.rag = kept.rag;
    state.status = kept.status;
    state.closedOn = kept.closedOn;
    state.revision = kept.revision;
    state.lastChangedOn = kept.lastChangedOn;
    return state;
  },
};

/** The codec for a fold's checkpoints: items' packed, the few plan, inspection and board ones as they are. */
export function checkpointCodecFor<S>(fold: unknown): CheckpointCodec<S> {
  return (fold === evolveItem ? itemCheckpoints : asIs) as CheckpointCodec<S>;
}
