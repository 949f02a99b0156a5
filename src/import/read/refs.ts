import type { ItemKind } from '../parsed-document.js';

/** `AFI.1 (R.1)`, `AFI 12`, `AFI.16` — an area for improvement, optionally under a recommendation. */
const AFI_REF = /^AFI\s*\.?\s*(\d+[a-z]?)(?:\s*\(\s*(R\s*\.?\s*\d+[a-z]?)\s*\))?$/i;
/** `R.1`, `R 2`, `Rec 3` — a recommendation. */
const REC_REF = /^(?:R|Rec)\s*\.?\s*(\d+[a-z]?)$/i;
/** `pg 45 paragraph 3.8`, `pg 125`, `paragraph 5.33` — national reports cite page and paragraph. */
const PAGE_REF = /^(?:pg\.?\s*\d+(?:\s+paragraph\s+\d+(?:\.\d+)*)?|paragraph\s+\d+(?:\.\d+)*)$/i;
/** `1`, `1.1.1`, `2.3.5`, `12a` — plain numbering. */
const NUMBER_REF = /^\d+(?:\.\d+)*[a-z]?$/i;

/** True when a short cell reads as an item reference. */
export function looksLikeRef(text: string): boolean {
  const t = text.trim();
  return t.length <= 40 && [AFI_REF, REC_REF, PAGE_REF, NUMBER_REF].some((re) => re.test(t));
}

/** A reference split into its own ref, its parent and the kind its spelling implies. */
export interface ReadRef {
  ref: string;
  parentRef: string | null;
  /** Only when the spelling itself says (AFI / R); numbering alone says nothing. */
  kind: ItemKind | null;
}

function tidy(ref: string): string {
  return ref.replace(/\s+/g, ' ').trim();
}

/** Canonical `R.n` for `R 1`, `R.1`, `Rec 1`. */
function recRef(raw: string): string {
  const m = /(\d+[a-z]?)$/i.exec(raw.trim());
  return `R.${m?.[1] ?? raw.trim()}`;
}

/** Reads a Ref cell. `AFI.1 (R.1)` → ref `AFI.1`, parent `R.1`. */
export function readRef(cell: string): ReadRef {
  const text = tidy(cell);
  const afi = AFI_REF.exec(text);
  if (afi) {
    return {
      ref: `AFI.${afi[1] ?? ''}`,
      parentRef: afi[2] === undefined ? null : recRef(afi[2]),
      kind: 'area-for-improvement',
    };
  }
  if (REC_REF.test(text)) return { ref: recRef(text), parentRef: null, kind: 'recommendation' };
  return { ref: text, parentRef: null, kind: null };
}

const LEADING_PAGE = /^(pg\.?\s*\d+(?:\s+paragraph\s+\d+(?:\.\d+)*)?)\s+(?=\S)/i;
const INNER_PARAGRAPH = /\s*\bparagraph\s+(\d+\.\d+(?:\.\d+)*)\b\s*/i;

/** A reference recovered from a text cell that swallowed its Ref column. */
export interface GluedRef {
  ref: string | null;
  text: string;
}

/**
 * Some exports glue the Ref column onto the text, and PDF line-wrapping can even drop
 * "paragraph 5.33" into the middle of the sentence. Recovers `pg N paragraph X.Y` from the
 * text's start and a stray `paragraph X.Y` from inside it, returning the text without them.
 */
export function extractGluedRef(text: string): GluedRef {
  let rest = text;
  let page: string | null = null;
  const lead = LEADING_PAGE.exec(rest);
  if (lead) {
    page = tidy(lead[1] ?? '');
    rest = rest.slice(lead[0].length);
  }
  if (page !== null && /paragraph/i.test(page)) return { ref: page, text: rest };
  const inner = INNER_PARAGRAPH.exec(rest);
  if (inner) {
    const paragraph = `paragraph ${inner[1] ?? ''}`;
    rest = `${rest.slice(0, inner.index)} ${rest.slice(inner.index + inner[0].length)}`
      .replace(/\s+/g, ' ')
      .trim();
    return { ref: page === null ? paragraph : `${page} ${paragraph}`, text: rest };
  }
  return { ref: page, text: rest };
}

/**
 * The kind a heading announces, if any: checked most specific first, since "SUB RECOMMENDATIONS
 * FROM NATIONAL REPORT" names both sub and national recommendations.
 */
export function kindOfHeading(heading: string): ItemKind | null {
  const t = heading.toLowerCase();
  if (/\bsub[- ]?recommendations?\b/.test(t)) return 'sub-recommendation';
  if (/\bnational\b/.test(t) && /\brecommendations?\b/.test(t)) return 'national-recommendation';
  if (/\bareas? for improvement\b/.test(t)) return 'area-for-improvement';
  if (/^recommendations?\b/.test(t)) return 'recommendation';
  return null;
}
