import type { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { IsoDate } from '../parsed-document.js';
import { type HeldFact, isCopyOf, isCutShort, likeness } from './held-facts.js';
import type { PlannedCommand } from './planned-command.js';

/**
 * A later paper against what the ledger already holds for one item (docs/import.md, "Corrected
 * re-exports"). Each planned fact of the paper is either:
 * - `held`: the ledger holds it already (the same text, a cut-short or repeated copy, the same
 *   RAG on that date): nothing to record;
 * - `contradicts`: the ledger holds a different version of the same dated fact: the difference
 *   is recorded as a correction of the held event (or refused, with `--no-corrections`);
 * - absent: a new fact, or one the deciders judge as before.
 */
export type Verdict =
  | { readonly kind: 'held' }
  | { readonly kind: 'contradicts'; readonly found: Contradiction };

/** One fact the paper states differently from the ledger. */
export interface Contradiction {
  /** The held event the paper contradicts (the target of the correction). */
  readonly target: HeldFact;
  /** The corrected data fields (a partial of the target's data). */
  readonly fields: Record<string, unknown>;
  /** The business date the paper gives instead, when that is what differs. */
  readonly movedTo: IsoDate | null;
  /** What fact it is, for people: `update`, `response`, `rag`, `completed`, `not-applicable`. */
  readonly fact: 'update' | 'response' | 'rag' | 'completed' | 'not-applicable';
  /** What the ledger holds, and what the paper says, as text (RAG words, dates, the texts). */
  readonly held: string;
  readonly says: string;
  /** The paper's text only completes the ledger's cut-short copy (not a different text). */
  readonly completes: boolean;
}

type TextFact = { type: 'UpdatePosted' | 'ResponseRecorded'; field: 'text' | 'response' };

/** The dated text facts: one item may hold several on one date (two updates, two listings' responses). */
function textFactOf(
  command: LedgerCommandInput,
): { fact: TextFact; text: string; listing: string | null } | null {
  if (command.type === 'PostUpdate')
    return { fact: { type: 'UpdatePosted', field: 'text' }, text: command.data.text, listing: null };
  if (command.type === 'RecordResponse')
    return {
      fact: { type: 'ResponseRecorded', field: 'response' },
      text: command.data.response,
      listing: command.data.listingPlanId,
    };
  return null;
}

/** A sharing plan's response is its own listing's: compared only with that listing's. */
const heldListing = (fact: HeldFact): string | null =>
  fact.body.type === 'ResponseRecorded' ? fact.body.data.listingPlanId : null;

function heldText(fact: HeldFact): string | null {
  if (fact.body.type === 'UpdatePosted') return fact.body.data.text;
  if (fact.body.type === 'ResponseRecorded') return fact.body.data.response;
  return null;
}

/**
 * Texts of one item, type and date: the paper's against the ledger's. Copies are held; a text the
 * ledger holds cut short is completed; what is left is paired by likeness, most alike first, and
 * each pair is a contradiction. A paper text left over is a new fact (a second update that day); a
 * held text left over is not the paper's business (the paper need not repeat every update).
 */
function judgeTexts(
  planned: readonly { index: number; text: string }[],
  held: readonly { fact: HeldFact; text: string }[],
  field: TextFact['field'],
  out: Map<number, Verdict>,
): void {
  const left = [...held];
  const open: { index: number; text: string }[] = [];
  for (const p of planned) {
    if (held.some((h) => isCopyOf(p.text, h.text))) {
      out.set(p.index, { kind: 'held' });
      const i = left.findIndex((h) => isCopyOf(p.text, h.text));
      if (i >= 0) left.splice(i, 1);
    } else open.push(p);
  }
  const contradict = (p: { index: number; text: string }, h: { fact: HeldFact; text: string }) =>
    out.set(p.index, {
      kind: 'contradicts',
      found: {
        target: h.fact,
        fields: { [field]: p.text },
        movedTo: null,
        fact: field === 'text' ? 'update' : 'response',
        held: h.text,
        says: p.text,
        completes: isCutShort(h.text, p.text),
      },
    });
  const pairs = open
    .flatMap((p) =>
      left.map((h) => ({ p, h, score: isCutShort(h.text, p.text) ? 2 : likeness(p.text, h.text) })),
    )
    .sort((a, b) => b.score - a.score);
  const usedP = new Set<number>();
  const usedH = new Set<string>();
  for (const { p, h } of pairs) {
    if (usedP.has(p.index) || usedH.has(h.fact.eventId)) continue;
    usedP.add(p.index);
    usedH.add(h.fact.eventId);
    contradict(p, h);
  }
}

const RAG_WORD: Record<string, string> = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };
const CLOSURE = new Set(['MarkedComplete', 'MarkedNotApplicable', 'Reopened']);

/**
 * The RAG the ledger holds on the paper's date: the last rating of that day. The same → held;
 * another → a correction of that rating. No rating held that day → a new fact (the deciders').
 */
function judgeRag(
  p: PlannedCommand,
  index: number,
  held: readonly HeldFact[],
  out: Map<number, Verdict>,
): void {
  if (p.command.type !== 'ChangeRag') return;
  const sameDay = held.filter((h) => h.body.type === 'RagChanged' && h.effectiveOn === p.effectiveOn);
  const last = sameDay.at(-1);
  if (last === undefined || last.body.type !== 'RagChanged') return;
  const to = p.command.data.to;
  if (last.body.data.to === to) {
    out.set(index, { kind: 'held' });
    return;
  }
  // One correction per held rating: a second listing of the same item saying the same is held.
  for (const v of out.values()) {
    if (v.kind === 'contradicts' && v.found.target.eventId === last.eventId) {
      if (v.found.fields.to === to) out.set(index, { kind: 'held' });
      return;
    }
  }
  out.set(index, {
    kind: 'contradicts',
    found: {
      target: last,
      fields: { to },
      movedTo: null,
      fact: 'rag',
      held: RAG_WORD[last.body.data.to] ?? last.body.data.to,
      says: RAG_WORD[to] ?? to,
      completes: false,
    },
  });
}

/**
 * A completion (or N/A) the paper dates, on its row's Date of Update, earlier than the ledger's:
 * the item was closed by then, so the held closure is moved to the paper's date. A later date is
 * consistent (closed earlier, still closed) and left to the deciders (already true). Only when
 * nothing else the ledger holds (a RAG, a reopening) falls strictly between the two dates.
 */
function judgeClosure(
  p: PlannedCommand,
  index: number,
  held: readonly HeldFact[],
  out: Map<number, Verdict>,
) {
  const type =
    p.command.type === 'MarkComplete'
      ? 'MarkedComplete'
      : p.command.type === 'MarkNotApplicable'
        ? 'MarkedNotApplicable'
        : null;
  if (type === null || !p.provenance.dateStated) return;
  const last = held.filter((h) => CLOSURE.has(h.body.type)).at(-1);
  if (last === undefined || last.body.type !== type || last.effectiveOn <= p.effectiveOn) return;
  // A rating or reopening strictly between the two dates would be overtaken by the move; one on
  // the closure's own date is the same row's status and stays where it is.
  const between = held.some(
    (h) =>
      h !== last &&
      (h.body.type === 'RagChanged' || CLOSURE.has(h.body.type)) &&
      h.effectiveOn > p.effectiveOn &&
      h.effectiveOn < last.effectiveOn,
  );
  if (between) return;
  out.set(index, {
    kind: 'contradicts',
    found: {
      target: last,
      fields: {},
      movedTo: p.effectiveOn,
      fact: type === 'MarkedComplete' ? 'completed' : 'not-applicable',
      held: last.effectiveOn,
      says: p.effectiveOn,
      completes: false,
    },
  });
}

/**
 * Judges one item stream's planned facts against the facts the ledger already holds for it
 * (`heldFacts`). Pure. Facts of the paper itself are not compared with each other: only with what
 * was recorded before this import.
 */
export function judgeAgainstLedger(
  commands: readonly PlannedCommand[],
  held: readonly HeldFact[],
): Map<number, Verdict> {
  const out = new Map<number, Verdict>();
  if (held.length === 0) return out;
  const texts = new Map<
    string,
    { fact: TextFact; on: IsoDate; listing: string | null; planned: { index: number; text: string }[] }
  >();
  commands.forEach((p, index) => {
    const t = textFactOf(p.command);
    if (t !== null) {
      const key = `${t.fact.type}\u0000${p.effectiveOn}\u0000${t.listing ?? ''}`;
      const group = texts.get(key) ?? { fact: t.fact, on: p.effectiveOn, listing: t.listing, planned: [] };
      group.planned.push({ index, text: t.text });
      texts.set(key, group);
    }
    judgeRag(p, index, held, out);
    judgeClosure(p, index, held, out);
  });
  for (const { fact, on, listing, planned } of texts.values()) {
    const sameDay = held
      .filter((h) => h.body.type === fact.type && h.effectiveOn === on && heldListing(h) === listing)
      .map((h) => ({ fact: h, text: heldText(h) ?? '' }));
    if (sameDay.length > 0) judgeTexts(planned, sameDay, fact.field, out);
  }
  return out;
}
