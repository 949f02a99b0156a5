import {
  type LineNote,
  type PaperInfo,
  ParsedDocument,
  type ParsedInspection,
  type ParsedItem,
  type ParsedPlan,
} from '../parsed-document.js';
import { coreText, settleContentRefs } from './content-refs.js';
import { type PlacedStatement, settleReceipts } from './inspection-dates.js';
import { readJointAllocation, readTransfers } from './transfers.js';

/** Why a line of the input was or was not used; every non-blank line gets exactly one. */
export type LineRole =
  | 'item'
  | 'item-continuation'
  | 'heading'
  | 'plan-header'
  | 'paper-meta'
  | 'summary-table'
  | 'prose'
  | 'skipped';

/** Identifies a plan inside a document. */
export interface PlanHeader {
  inspection: string;
  portfolio: string;
  portfolioOwner: string | null;
  planOwner: string | null;
  label: string | null;
}

/** A parsed document plus the role of every line, for callers that must account for each line. */
export interface TracedDocument {
  document: ParsedDocument;
  roles: ReadonlyMap<number, LineRole>;
}

/**
 * Collects what the readers find and settles what needs the whole document: item keys, refs
 * seen in several plans (transfers, joint allocations, conflicting texts).
 */
export class DocumentBuilder {
  private readonly inspections: ParsedInspection[] = [];
  private readonly skipped: LineNote[] = [];
  private readonly warnings: LineNote[] = [];
  private readonly roles = new Map<number, LineRole>();
  paper: PaperInfo | null = null;
  /** What the paper's prose states about when reports were published or received. */
  readonly statements: PlacedStatement[] = [];

  constructor(private readonly source: string) {}

  role(line: number, role: LineRole): void {
    this.roles.set(line, role);
  }

  skip(line: number, reason: string): void {
    this.skipped.push({ line, reason });
    this.roles.set(line, 'skipped');
  }

  warn(...notes: LineNote[]): void {
    this.warnings.push(...notes);
  }

  /** The plan for a header, reusing one already opened (a plan continued after a page break). */
  openPlan(h: PlanHeader): ParsedPlan {
    let inspection = this.inspections.find((i) => i.title === h.inspection);
    if (!inspection) {
      inspection = { title: h.inspection, plans: [] };
      this.inspections.push(inspection);
    }
    const existing = inspection.plans.find(
      (p) => p.portfolio === h.portfolio && (p.label ?? null) === h.label,
    );
    if (existing) return existing;
    const plan: ParsedPlan = {
      portfolio: h.portfolio,
      portfolioOwner: h.portfolioOwner,
      planOwner: h.planOwner,
      label: h.label,
      items: [],
    };
    inspection.plans.push(plan);
    return plan;
  }

  addItem(plan: ParsedPlan, item: ParsedItem): void {
    plan.items.push(item);
    this.roles.set(item.line, 'item');
  }

  finish(): TracedDocument {
    for (const inspection of this.inspections) settleRefs(inspection, (n) => this.warnings.push(n));
    settleReceipts(this.inspections, this.statements, this.paper);
    const document = ParsedDocument.parse({
      source: this.source,
      inspections: this.inspections,
      skipped: [...this.skipped].sort((a, b) => a.line - b.line),
      warnings: dedupe(this.warnings).sort((a, b) => a.line - b.line),
      paper: this.paper,
    });
    return { document, roles: this.roles };
  }
}

function dedupe(notes: readonly LineNote[]): LineNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const k = `${n.line}\u0000${n.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function itemTexts(item: ParsedItem): string[] {
  return [item.text, item.initialResponse ?? '', ...item.updates.map((u) => u.text)];
}

function settleRefs(inspection: ParsedInspection, warn: (n: LineNote) => void): void {
  settleContentRefs(inspection, warn);
  for (const plan of inspection.plans) keyWithinPlan(plan, warn);
  const portfolios = inspection.plans.map((p) => p.portfolio);
  const byKey = new Map<string, Array<{ plan: ParsedPlan; item: ParsedItem }>>();
  for (const plan of inspection.plans) {
    for (const item of plan.items) {
      const transfers = readTransfers(itemTexts(item), plan.portfolio, item.dateOfUpdate, item.line);
      if (transfers.length > 0) item.transfers = transfers;
      const joint = readJointAllocation(itemTexts(item), portfolios).filter((p) => p !== plan.portfolio);
      if (joint.length > 0) item.jointWith = joint;
      const key = item.key ?? item.ref;
      byKey.set(key, [...(byKey.get(key) ?? []), { plan, item }]);
    }
  }
  for (const listings of byKey.values()) {
    if (listings.length > 1) settleShared(listings, warn);
  }
}

/** Same ref twice in one plan: one item if the text matches, else a separate item keyed `#n`. */
function keyWithinPlan(plan: ParsedPlan, warn: (n: LineNote) => void): void {
  const texts = new Map<string, string[]>();
  for (const item of plan.items) {
    const base = `${item.kind}/${item.ref}`;
    const seen = texts.get(base) ?? [];
    const core = coreText(item.text);
    const at = seen.indexOf(core);
    if (at >= 0) {
      warn({ line: item.line, reason: `ref ${item.ref} listed twice in the ${plan.portfolio} plan` });
      item.key = at === 0 ? base : `${base}#${at + 1}`;
      continue;
    }
    seen.push(core);
    texts.set(base, seen);
    item.key = seen.length === 1 ? base : `${base}#${seen.length}`;
    if (seen.length > 1) {
      warn({
        line: item.line,
        reason: `Ref ${item.ref} is printed twice with different texts: this row was imported as a separate item. If the two rows are one item, make their texts match and import again`,
      });
    }
  }
}

/** One item listed in several plans: transferred, jointly allocated, or a conflict to report. */
function settleShared(
  listings: ReadonlyArray<{ plan: ParsedPlan; item: ParsedItem }>,
  warn: (n: LineNote) => void,
) {
  const first = listings[0];
  if (!first) return;
  const core = coreText(first.item.text);
  // Different wording under one ref is more likely a misprinted ref than a shared item.
  const same = listings.filter((l) => coreText(l.item.text) === core);
  for (const { plan, item } of listings) {
    if (coreText(item.text) !== core) {
      warn({
        line: item.line,
        reason: `Ref ${item.ref} is printed twice with different texts (line ${first.item.line} in ${first.plan.portfolio}, here in ${plan.portfolio}): they were kept as separate items`,
      });
    }
  }
  if (same.length < 2 || same.some((l) => (l.item.transfers ?? []).length > 0)) return;
  const names = same.map((l) => l.plan.portfolio);
  for (const { plan, item } of same) {
    const others = names.filter((n) => n !== plan.portfolio);
    item.jointWith = [...new Set([...(item.jointWith ?? []), ...others])];
    warn({
      line: item.line,
      reason: `Ref ${item.ref} is listed in several plans (${names.join(', ')}): it was recorded as jointly allocated to them. If it was moved instead, write "transferred to …" in its row and import again`,
    });
  }
}
