import type { z } from 'zod';
import type { GetPlanResult } from '../../../../projections/runtime/queries.js';

type PlanAnswer = z.infer<typeof GetPlanResult>;

/**
 * The JSON text of items read more than once, by the very object the index handed out.
 *
 * Why: most of a plan answer's bytes are its items, and most items a plan read returns are
 * the same objects read after read (an item's state after its last fact is kept folded by its
 * timeline, and answers every later date, so a plan read at any date after the item's last
 * fact gets that object: 69% of the items of the 1M HTTP bench's plan answers). Their text is
 * written once instead of once per answer. The folds are pure, so a state object never
 * changes after it is made, and its text with it.
 *
 * An object is kept on its second sight only (the first marks it): a state folded afresh for
 * one read is never seen again, so it takes no room beyond its mark, which goes with it.
 *
 * Bounded, in two generations: texts are kept in the newer; once it holds half of `limit`
 * characters it becomes the older and the one before is forgotten, and a text found in the older
 * is kept in the newer again. So the texts asked for lately stay (at least half the limit's worth),
 * where forgetting everything at the limit threw them away with the rest and kept half as much
 * on average. A text lives at most as long as its state object, too.
 */
export class ItemTexts {
  private young = new WeakMap<object, string | 0>();
  private old = new WeakMap<object, string | 0>();
  private youngSize = 0;
  private oldSize = 0;

  constructor(readonly limit: number = 16 << 20) {}

  /** `JSON.stringify(item)`, written once per object seen twice. */
  of(item: object): string {
    const young = this.young.get(item);
    if (typeof young === 'string') return young;
    const seen = young ?? this.old.get(item);
    if (typeof seen === 'string') {
      // Moved, not copied: counted in one generation only, so `characters` stays what is kept.
      this.old.delete(item);
      this.oldSize -= seen.length;
      this.keep(item, seen);
      return seen;
    }
    const text = JSON.stringify(item);
    if (seen === undefined) this.young.set(item, 0);
    else this.keep(item, text);
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
