import { evolveItem, type ItemView } from './item-view.js';

/**
 * How a timeline keeps its cached prefix folds (its checkpoints): `pack` turns a folded state
 * into what is kept, given the checkpoint kept before it; `unpack` gives the state back, equal
 * to the one packed. A read unpacks one checkpoint and folds < K facts from it.
 */
export interface CheckpointCodec<S> {
  pack(state: S | null, previous: unknown): unknown;
  unpack(kept: unknown): S | null;
}

const asIs: CheckpointCodec<unknown> = {
  pack: (state) => state,
  unpack: (kept) => kept,
};

/**
 * An item's state at a checkpoint, kept as what changed since an earlier one (`base`): the
 * fields most facts change (an update, a RAG change, a completion), the rest read from `base`,
 * an earlier checkpoint's whole state whose other fields are the very same values.
 *
 * Why (docs/architecture.md, "Index layout and cost"): checkpoints (one per 2 facts) were a
 * fifth of a built index's heap, each a whole 29-field view (≈ 260 bytes with its two
 * latest-update objects) though most differ from the one before in a handful of fields.
 * This keeps ≈ 100 bytes per checkpoint; the text strings are the bodies' own, shared.
 */
class ItemCheckpoint {
  constructor(
    readonly base: ItemView,
    readonly updateText: string | null,
    readonly updateOn: string | null,
    readonly updatesCount: number,
    readonly rag: ItemView['rag'],
    readonly status: ItemView['status'],
    readonly closedOn: string | null,
    readonly revision: number,
    readonly lastChangedOn: string,
  ) {}
}

/**
 * A checkpoint whose latest posted entry is not its latest update (a response recorded after
 * the last progress update). Most are the same entry (an update is both), and those keep one
 * pair of fields, not two: 16 bytes less per checkpoint.
 */
class PostedApartCheckpoint extends ItemCheckpoint {
  constructor(
    base: ItemView,
    updateText: string | null,
    updateOn: string | null,
    readonly postedText: string | null,
    readonly postedOn: string | null,
    updatesCount: number,
    rag: ItemView['rag'],
    status: ItemView['status'],
    closedOn: string | null,
    revision: number,
    lastChangedOn: string,
  ) {
    super(base, updateText, updateOn, updatesCount, rag, status, closedOn, revision, lastChangedOn);
  }
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

const itemCheckpoints: CheckpointCodec<ItemView> = {
  pack(state, previous) {
    if (state === null) return null;
    const base = previous instanceof ItemCheckpoint ? previous.base : (previous as ItemView | null);
    // No earlier state with these values: this one is kept whole and becomes the next base.
    if (base === null || !sameRest(base, state)) return state;
    const { latestUpdate, latestPosted } = state;
    if (latestPosted === latestUpdate)
      return new ItemCheckpoint(
        base,
        latestUpdate?.text ?? null,
        latestUpdate?.effectiveOn ?? null,
        state.updatesCount,
        state.rag,
        state.status,
        state.closedOn,
        state.revision,
        state.lastChangedOn,
      );
    return new PostedApartCheckpoint(
      base,
      latestUpdate?.text ?? null,
      latestUpdate?.effectiveOn ?? null,
      latestPosted?.text ?? null,
      latestPosted?.effectiveOn ?? null,
      state.updatesCount,
      state.rag,
      state.status,
      state.closedOn,
      state.revision,
      state.lastChangedOn,
    );
  },
  unpack(kept) {
    if (!(kept instanceof ItemCheckpoint)) return kept as ItemView | null;
    const { updateText, updateOn } = kept;
    const latestUpdate = updateText === null ? null : { text: updateText, effectiveOn: updateOn as string };
    let latestPosted = latestUpdate; // one entry, as the fold of an update makes it
    if (kept instanceof PostedApartCheckpoint) {
      const { postedText, postedOn } = kept;
      latestPosted = postedText === null ? null : { text: postedText, effectiveOn: postedOn as string };
    }
    return {
      ...kept.base,
      latestUpdate,
      latestPosted,
      updatesCount: kept.updatesCount,
      rag: kept.rag,
      status: kept.status,
      closedOn: kept.closedOn,
      revision: kept.revision,
      lastChangedOn: kept.lastChangedOn,
    };
  },
};

/** The codec for a fold's checkpoints: items' packed, the few plan, inspection and board ones as they are. */
export function checkpointCodecFor<S>(fold: unknown): CheckpointCodec<S> {
  return (fold === evolveItem ? itemCheckpoints : asIs) as CheckpointCodec<S>;
}
