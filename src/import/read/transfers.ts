import type { ParsedTransfer } from '../parsed-document.js';
import { parseDate } from './dates.js';

const DATE = String.raw`(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})`;
/** A portfolio name: capitalised words, "&" allowed ("Finance & Corporate Services"). */
const NAME = String.raw`([A-Z][A-Za-z']*(?:\s+(?:&|[A-Z][A-Za-z']*))*)`;
/** "transferred from Protective Services on 24 March 2011" */
const TRANSFERRED_FROM = new RegExp(
  String.raw`transferred\s+from\s+(?:the\s+)?${NAME}(?:\s+on\s+${DATE})?(?=[\s).,;]|$)`,
);
/** "transferred to Territorial Policing (on <date>)" */
const TRANSFERRED_TO = new RegExp(
  String.raw`transferred\s+to\s+(?:the\s+)?${NAME}(?:\s+on\s+${DATE})?(?=[\s).,;]|$)`,
);
/** "responsibility for this Area for Improvement has moved to Territorial Policing" */
const MOVED_TO = new RegExp(
  String.raw`has\s+(?:now\s+)?moved\s+to\s+(?:the\s+)?${NAME}(?:\s+on\s+${DATE})?(?=[\s).,;]|$)`,
);
/** "The responsibility for this recommendation (R.4) is contained within the Finance & Corporate Services Improvement Plan" (seed 002 AFI.20; the paper's §2.5.1 calls it a transfer) */
const CONTAINED_WITHIN = new RegExp(
  String.raw`responsibility\s+for\s+this\b.{0,60}?\bis\s+contained\s+within\s+(?:the\s+)?${NAME}\s+Improvement\s+Plan`,
);
/** "has also been allocated to Operations" / "has been allocated to Operations and Territorial Policing" */
const ALLOCATED_TO =
  /(?:also\s+been|been\s+jointly|jointly)\s+allocated\s+to\s+([^.()]+)|has\s+been\s+allocated\s+to\s+([^.()]+)/i;

function trimName(name: string): string {
  return name.replace(/\s+(who|which|and|on)$/i, '').trim();
}

/** Moves between portfolios announced in an item's wording; `here` is the plan it is read in. */
export function readTransfers(
  texts: readonly string[],
  here: string,
  rowDate: string | null,
  line: number,
): ParsedTransfer[] {
  const out: ParsedTransfer[] = [];
  for (const text of texts) {
    const from = TRANSFERRED_FROM.exec(text);
    if (from) out.push(transfer(from, trimName(from[1] ?? ''), here, rowDate, line));
    for (const re of [TRANSFERRED_TO, MOVED_TO, CONTAINED_WITHIN]) {
      const to = re.exec(text);
      if (to) out.push(transfer(to, here, trimName(to[1] ?? ''), rowDate, line));
    }
  }
  // The same sentence is often both the response and its only update: count it once.
  return out.filter(
    (t, i) =>
      out.findIndex(
        (o) =>
          o.fromPortfolio === t.fromPortfolio &&
          o.toPortfolio === t.toPortfolio &&
          o.effectiveOn === t.effectiveOn,
      ) === i,
  );
}

function transfer(
  m: RegExpExecArray,
  fromPortfolio: string,
  toPortfolio: string,
  rowDate: string | null,
  line: number,
): ParsedTransfer {
  const stated = m[2] === undefined ? null : parseDate(m[2]);
  return { effectiveOn: stated ?? rowDate, fromPortfolio, toPortfolio, line, text: sentenceAround(m) };
}

/** The sentence holding a match, so the ledger can quote the paper. */
function sentenceAround(m: RegExpExecArray): string {
  const input = m.input;
  const dot = input.lastIndexOf('. ', m.index);
  const start = Math.max(dot < 0 ? 0 : dot + 2, input.lastIndexOf('(', m.index) + 1);
  const endDot = input.indexOf('.', m.index + m[0].length);
  const endParen = input.indexOf(')', m.index + m[0].length);
  const ends = [endDot, endParen].filter((e) => e >= 0);
  const end = ends.length === 0 ? input.length : Math.min(...ends);
  return input.slice(start, end).trim();
}

/**
 * Portfolios an item is jointly allocated to, matched against the document's portfolio names
 * (longest first) so "Operations and Territorial Policing" gives both; falls back to splitting
 * on "and" when none are known.
 */
export function readJointAllocation(texts: readonly string[], knownPortfolios: readonly string[]): string[] {
  for (const text of texts) {
    const m = ALLOCATED_TO.exec(text);
    if (!m) continue;
    const tail = (m[1] ?? m[2] ?? '').replace(/,?\s*who\b.*$/i, '').trim();
    const byLength = [...knownPortfolios].sort((a, b) => b.length - a.length);
    const found: string[] = [];
    let rest = tail;
    for (const name of byLength) {
      const at = rest.toLowerCase().indexOf(name.toLowerCase());
      if (at >= 0) {
        found.push(name);
        rest = `${rest.slice(0, at)} ${rest.slice(at + name.length)}`;
      }
    }
    if (found.length > 0) return found.sort((a, b) => tail.indexOf(a) - tail.indexOf(b));
    return tail
      .split(/\s*(?:,|\band\b)\s*/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return [];
}
