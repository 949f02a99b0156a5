import type { EventColumns } from './event-columns.js';

/**
 * The latest-update entry of the progress update in row `row` of `columns`, its text read from
 * the columns (decoded from its codes, text-arena.ts) the first time it is asked for, then kept.
 * `text` is an own enumerable property (an accessor), so the entry reads, spreads, serializes,
 * clones and compares as `{ text, effectiveOn }` does, keys in that order.
 *
 * Why lazy: a rebuild makes one of these per run of updates it folds and per checkpoint it
 * unpacks (checkpoint-codec.ts), and most are replaced before anything reads their text (the
 * text-arena reads were ≈ 4% of a 1M rebuild's main thread, profiled).
 *
 * Why a class with one shared getter, not a literal with its own (`{ get text() {…} }`): V8
 * gives each literal's fresh getter its own accessor pair, which sends the object to
 * dictionary mode (slow properties, no shared hidden class), and JSON.stringify then takes its
 * slow path for every such entry: cache-off plan reads cost +13–21% CPU (docs/architecture.md).
 * Installing the same getter on every instance keeps them on one hidden class with fast
 * properties; the lazy state sits in private fields, which no key listing, spread, clone or
 * JSON sees.
 */
export class PostedEntry {
  /** The update's text (read from the columns when first asked for). */
  declare readonly text: string;
  /** The update's business date, YYYY-MM-DD. */
  declare readonly effectiveOn: string;
  readonly #columns: EventColumns;
  readonly #row: number;
  #text: string | undefined = undefined;

  /** The one descriptor every entry gets: the same getter, so the same accessor pair and map. */
  static readonly #TEXT: PropertyDescriptor = {
    get(this: PostedEntry): string {
      this.#text ??= this.#columns.updateText(this.#row);
      return this.#text;
    },
    enumerable: true,
    configurable: true,
  };

  constructor(columns: EventColumns, row: number, effectiveOn: string) {
    this.#columns = columns;
    this.#row = row;
    // `text` first, then `effectiveOn`: the key order of the plain entry evolveItem makes.
    Object.defineProperty(this, 'text', PostedEntry.#TEXT);
    (this as { effectiveOn: string }).effectiveOn = effectiveOn;
  }
}

/** An item state's latest-update fields, as `PostedEntry` or a plain `{ text, effectiveOn }`. */
interface Entries {
  latestUpdate: { readonly text: string; readonly effectiveOn: string } | null;
  latestPosted: { readonly text: string; readonly effectiveOn: string } | null;
}

/**
 * Turns `state`'s lazy entries (`PostedEntry`) into plain `{ text, effectiveOn }` data, in
 * place, one object for both fields when they were one entry (checkpoint-codec.ts packs on
 * that). The values, keys and equality stay the same; only how they are held changes.
 *
 * Why, for a state handed to a reader (StreamTimeline.stateAt): a reader writes the text
 * anyway, and JSON.stringify of an accessor calls back into JavaScript from the native writer
 * for each such entry, where a plain entry is copied on its fast path. In place, so a kept
 * state (a timeline's whole-view answer, a checkpoint kept whole) is converted once and keeps
 * its identity (plan reads ask it, standing-states.ts).
 */
export function plainEntries(state: Entries): void {
  const posted = state.latestPosted;
  if (posted instanceof PostedEntry) {
    const plain = { text: posted.text, effectiveOn: posted.effectiveOn };
    if (state.latestUpdate === posted) state.latestUpdate = plain;
    state.latestPosted = plain;
  }
  const update = state.latestUpdate;
  if (update instanceof PostedEntry)
    state.latestUpdate = { text: update.text, effectiveOn: update.effectiveOn };
}
