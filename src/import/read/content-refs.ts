import { createHash } from 'node:crypto';
import type { LineNote, ParsedInspection, ParsedItem } from '../parsed-document.js';

/** Prefix of the ref the ledger records for a row the paper printed without one. */
export const NO_REF = 'no-ref-';

/**
 * Wording compared for identity: notes about transfers and allocation removed (a later paper adds
 * them), case, punctuation and spacing ignored.
 */
export function coreText(text: string): string {
  return text
    .replace(
      /\(([^()]|\([^()]*\))*\b(transferred|allocated|responsibility|moved)\b([^()]|\([^()]*\))*\)/gi,
      ' ',
    )
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `no-ref-3f9a2c1b`: the first 8 hex digits of SHA-256 over the item's kind and wording. */
function contentRef(item: ParsedItem): string {
  const digest = createHash('sha256')
    .update(`${item.kind}\u0000${coreText(item.text)}`)
    .digest('hex');
  return `${NO_REF}${digest.slice(0, 8)}`;
}

/**
 * Rows printed without a ref (seeds 000 and 001) are identified by what they say, not where:
 * kind and wording, so a line added above them (a totals row under an earlier table, next month's
 * export with an extra row) leaves them the same items. The same wording twice in one plan is two
 * items (`-2`, `-3` in the order printed). The row's former key, `line-N`, stays in `lineKey` so a
 * ledger imported before content refs still matches (record/line-keyed-items.ts).
 */
export function settleContentRefs(inspection: ParsedInspection, warn: (n: LineNote) => void): void {
  for (const plan of inspection.plans) {
    const used = new Map<string, number>();
    for (const item of plan.items) {
      if (item.lineKey === undefined) continue;
      const base = contentRef(item);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      item.ref = n === 1 ? base : `${base}-${n}`;
      item.key = `${item.kind}/${item.ref}`;
      warn({
        line: item.line,
        reason: `the row has no Ref: it was imported as an item without a ref, known by its wording (recorded as "${item.ref}")${n > 1 ? `; the same wording is printed ${n - 1 === 1 ? 'once' : `${n - 1} times`} above in this plan, so this row is another item` : ''}. If it has one, fill in the Ref column and import again`,
      });
    }
  }
}
