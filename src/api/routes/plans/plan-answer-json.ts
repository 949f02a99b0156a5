import type { z } from 'zod';
import type { GetPlanResult } from '../../../../projections/runtime/queries.js';
import { isStanding } from '../../../../projections/standing-states.js';

type PlanAnswer = z.infer<typeof GetPlanResult>;

/**
 * The JSON text of items read more than once, by the very object the index handed out.
 *
 * Why: most of a plan answer's bytes are its items, and most items a plan read returns are
 * the same objects read after read (an item's state after its last fact is kept folded by its
 * timeline, and answers every later date, so a plan read at any date after the item's last
 * fact gets that object: 70% of the items of the 1M HTTP bench's unique plan reads). Their text
 * is written once instead of once per answer. The folds are pure, so a state object never
 * changes after it is made, and its text with it.
 *
 * Only such standing states are kept (`lasting`, by default the timelines' own record of them:
 * projections/standing-states.ts). A state folded afresh for one read is written and let go,
 * with no trace here: marking each on its first sight, to keep it on its second, put every
 * fresh past state into a weak map, and that cost more than the kept texts saved (1M, unique
 * reads, in-process CPU at 16M characters: 166 µs a read marking, 138 keeping no text at all).
 *
 * Bounded, in two generations: texts are kept in the newer; once it holds half of `limit`
 * characters it becomes the older and the one before is forgotten, and a text found in the older
 * is kept in the newer again. So the texts asked for lately stay (at least half the limit's worth).
 * A text lives at most as long as its state object, too. The default, 64M characters, holds the
 * standing states of every item of the 1M bench ledger (≈ 51M characters, ≈ 51 MB, once each
 * has been read): at 16M, most standing states had been forgotten before they came back.
 */
export class ItemTexts {
  private young = new WeakMap<object, string>();
  private old = new WeakMap<object, string>();
  private youngSize = 0;
  private oldSize = 0;

  constructor(
    readonly limit: number = 64 << 20,
    private readonly lasting: (item: object) => boolean = isStanding,
  ) {}

  /** `JSON.stringify(item)`, written once per lasting object while it is kept. */
  of(item: object): string {
    const young = this.young.get(item);
    if (young !== undefined) return young;
    const old = this.old.get(item);
    if (old !== undefined) {
      // Moved, not copied: counted in one generation only, so `characters` stays what is kept.
      this.old.delete(item);
      this.oldSize -= old.length;
      this.keep(item, old);
      return old;
    }
    const text = JSON.stringify(item);
    if (this.lasting(item)) this.keep(item, text);
    return text;
  }

  /** Characters of the texts kept (for tests and the bench). */
  get characters(): number {
    return this.youngSize + this.oldSize;
  }

  private keep(item: object, text: string): void {
    if (this.youngSize > 0 && this.youngSize + text.length > this.limit / 2) {
      this.old = this.young;
      this.oldSize = this.youngSize;
      this.young = new WeakMap();
      this.youngSize = 0;
    }
    this.young.set(item, text);
    this.youngSize += text.length;
  }
}

/**
 * `{"key":text,…}` over the object's members in their order, each value's text by `write`;
 * a member whose text is undefined is left out, as JSON.stringify leaves out undefined values.
 */
function objectText(value: object, write: (key: string, v: unknown) => string | undefined): string {
  let out = '';
  for (const [key, v] of Object.entries(value)) {
    const text = write(key, v);
    if (text !== undefined) out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${text}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

const valueText = (v: unknown): string | undefined => JSON.stringify(v);

/** An entry's members in the order `planSnapshot` makes them (current-plans.ts `planItem`). */
const ENTRY_MEMBERS = ['role', 'transferredIn', 'item'] as const;

/**
 * One item entry's text, written straight when it holds exactly ENTRY_MEMBERS in that order
 * (every entry the index makes), else member by member: the same bytes either way, without
 * a list of its members made and walked per entry of every answer.
 */
function entryText(entry: PlanAnswer['items'][number], texts: ItemTexts): string {
  let n = 0;
  for (const key in entry) if (key !== ENTRY_MEMBERS[n++]) return objectText(entry, entryMember(texts));
  const { role, transferredIn, item } = entry;
  if (
    n !== ENTRY_MEMBERS.length ||
    typeof transferredIn !== 'boolean' ||
    typeof item !== 'object' ||
    item === null
  )
    return objectText(entry, entryMember(texts));
  return `{"role":${JSON.stringify(role)},"transferredIn":${transferredIn},"item":${texts.of(item)}}`;
}

const entryMember = (texts: ItemTexts) => (key: string, v: unknown) =>
  key === 'item' && typeof v === 'object' && v !== null ? texts.of(v) : valueText(v);

/**
 * The text of a plan answer: `JSON.stringify(answer)`'s very bytes (tests compare them on every
 * API answer: src/api/answer-writers.ts), with each item's own text from `texts`. Written as
 * the answer's members come, so a member added to the answer or to its items is written too.
 */
export function planAnswerText(answer: PlanAnswer, texts: ItemTexts): string {
  return objectText(answer, (key, v) => {
    if (key !== 'items' || v !== answer.items) return valueText(v);
    let out = '';
    for (const entry of answer.items) out += `${out === '' ? '' : ','}${entryText(entry, texts)}`;
    return `[${out}]`;
  });
}
