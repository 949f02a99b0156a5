import type { PaperInfo, ParsedInspection } from '../parsed-document.js';
import { type DateStatement, receiptOf } from './report-dates.js';

/** A dated statement of the paper's prose and what it is about. */
export interface PlacedStatement {
  readonly statement: DateStatement;
  readonly line: number;
  /**
   * Names the statement may be about, most specific first: reports quoted in its sentence
   * ('Without Fear or Favour'), then the heading of the paper's section it sits in.
   */
  readonly subjects: readonly string[];
}

/** Words every inspection title and heading share: they tell no two reports apart. */
const GENERIC = new Set(
  'a an and the of or for in on to re visit revisit inspection inspections report reports review plan improvement hmic hmicfrs btp police force national status update progress action'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !GENERIC.has(w)),
  );
}

/** Index of the one inspection a name is about, or null when none or several fit as well. */
function inspectionNamed(name: string, titles: readonly Set<string>[]): number | null {
  const named = words(name);
  let best: number | null = null;
  let bestScore = 0;
  let tie = false;
  titles.forEach((title, i) => {
    const common = [...title].filter((w) => named.has(w)).length;
    if (common < Math.min(2, title.size) || common === 0) return;
    if (common > bestScore) {
      best = i;
      bestScore = common;
      tie = false;
    } else if (common === bestScore) tie = true;
  });
  return tie ? null : best;
}

/**
 * Gives each inspection the date its report reached the force, from the statements made about
 * it: those in a section (or sentence) naming it, else those naming no inspection of the paper.
 * Set on the inspection only where it differs from what the paper's own `received` /
 * `published` give every inspection (so a one-report paper reads exactly as before).
 */
export function settleReceipts(
  inspections: ParsedInspection[],
  statements: readonly PlacedStatement[],
  paper: PaperInfo | null,
): void {
  const titles = inspections.map((i) => words(i.title));
  const about = statements.map((s) => {
    for (const subject of s.subjects) {
      const i = inspectionNamed(subject, titles);
      if (i !== null) return i;
    }
    return null;
  });
  const general = statements.filter((_, k) => about[k] === null);
  const paperWide = paper?.received ?? paper?.published ?? null;
  inspections.forEach((inspection, i) => {
    const own = statements.filter((_, k) => about[k] === i);
    const chosen = receiptOf(own.map((s) => s.statement)) ?? receiptOf(general.map((s) => s.statement));
    if (chosen === null || chosen.event === 'fieldwork') return;
    if (chosen.precision === 'day' && chosen.on === paperWide) return;
    const line = [...own, ...general].find((s) => s.statement === chosen)?.line ?? 0;
    inspection.receipt = {
      on: chosen.on,
      precision: chosen.precision,
      event: chosen.event,
      line,
      words: chosen.words.slice(0, 200),
    };
  });
}
