import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { AsOfIndex } from './as-of-index.js';
import { emptyPair, type InspectionCounts, overallOf, type RowPair, tally, toTuple } from './board-counts.js';
import {
  columnOf,
  type PortfolioCounts,
  rowOf,
  type SummaryColumn,
  type SummaryRow,
} from './board-summary-schema.js';
import { forEachPlacement, type PlanRole } from './current-plans.js';
import type { ItemView } from './item-view.js';
import { timeKeys } from './stream-timeline.js';
import type { TimePoint } from './time.js';

/** The latest point on both axes: every fact applied (the index's "now" fast path). */
export const LATEST: TimePoint = { asOf: '9999-12-31', knownAt: '9999-12-31T23:59:59.999Z' };
const LATEST_KEYS = timeKeys(LATEST.asOf, LATEST.knownAt);

/**
 * An item's state now (the timeline's kept whole-view answer, as `itemAt` gives it), read
 * `unfinished`: the counts read neither its revision nor its latest update, so its update text
 * stays unread (posted-entry.ts). A rebuild counts every item this way once, then each event.
 */
const itemNowIn = (index: AsOfIndex, itemId: string): ItemView | null =>
  index.items.get(itemId)?.stateAt(LATEST.asOf, LATEST.knownAt, LATEST_KEYS, true) ?? null;

interface Placement {
  planId: string;
  role: PlanRole;
  transferredIn: boolean;
}

/** What one item adds to the counts now: exactly enough to take it away again. */
interface Contribution {
  inspectionId: string;
  row: SummaryRow;
  column: SummaryColumn;
  notApplicable: boolean;
  placements: Placement[];
}

interface PlanTally extends RowPair {
  /** The inspection it was opened in (ids never change), or its items' for a plan never opened. */
  inspectionId: string | null;
  opened: boolean;
  /** Items sitting in it in any role: a plan never opened still gets a row while it has some. */
  placements: number;
}

interface InspectionTally extends RowPair {
  /** Its plans, in the order they were opened (then plans only its items named). */
  plans: string[];
}

/** What `LiveBoardCounts.image()` holds: JSON-ready (−∞ is written as null). */
export interface LiveCountsImage {
  contributions: [string, Contribution][];
  plans: [string, PlanTally][];
  inspections: [string, InspectionTally][];
  inspectionItems: [string, string[]][];
  lastDay: string;
  lastRecordedMs: number | null;
}

/**
 * The board summary's counts at the latest time point, kept on apply: per plan and per
 * inspection, Total / Completed / Green / Amber / Red and the rest (docs/board-summary-rules.md).
 * When an item changes, what it added before is taken away and its new placement added, so a
 * read costs O(portfolios or inspections shown), not O(items). The runner feeds it after each
 * event reaches the index (`observe`), and builds it from the index in one pass after a start or
 * a rebuild (`LiveBoardCounts.of`). It answers only for points at or after every fact it has
 * seen on both axes (`covers`); any other point takes the as-of path (board-summary.ts), and a
 * property test holds the two equal after every step of random ledgers.
 *
 * It also keeps which plans each inspection has and which items ever named them, so one
 * inspection's counts at a past point read only that inspection's items (`scopeOf`).
 */
export class LiveBoardCounts {
  private readonly contributions = new Map<string, Contribution>();
  private readonly plans = new Map<string, PlanTally>();
  private readonly inspections = new Map<string, InspectionTally>();
  private readonly inspectionItems = new Map<string, Set<string>>();
  /** Greatest business date of a fact that places an item or opens a plan (YYYY-MM-DD). */
  private lastDay = '';
  /** Greatest recordedAt seen, in ms. */
  private lastRecordedMs = Number.NEGATIVE_INFINITY;
  /** Moves on every event observed; the every-inspection lines are kept for one version. */
  private version = 0;
  private lines: { version: number; inspections: InspectionCounts[]; overall: RowPair } | null = null;

  /** Built from an index in one pass over its plans and items (after a start or rebuild). */
  static of(index: AsOfIndex): LiveBoardCounts {
    const counts = new LiveBoardCounts();
    for (const planId of index.plans.keys()) {
      const plan = index.planAt(planId, LATEST);
      if (plan) counts.planOpened(planId, plan.inspectionId, plan.openedOn);
    }
    for (const itemId of index.items.keys()) counts.itemNow(itemId, itemNowIn(index, itemId));
    if (index.lastRecordedAt) counts.recorded(index.lastRecordedAt);
    return counts;
  }

  /**
   * Everything it keeps, as plain data (insertion orders included), for a snapshot: a start
   * then restores the counts instead of folding every item "now" (which needs every stream's
   * saved fold parsed) to count them again.
   */
  image(): LiveCountsImage {
    // Tallies change in place on apply and a snapshot is written in the background: copies.
    // Contributions are replaced, never edited, so they are shared.
    const pair = (t: RowPair): RowPair => ({
      recommendations: { ...t.recommendations },
      areasForImprovement: { ...t.areasForImprovement },
    });
    return {
      contributions: [...this.contributions],
      plans: [...this.plans].map(([id, p]) => [id, { ...p, ...pair(p) }]),
      inspections: [...this.inspections].map(([id, t]) => [id, { ...pair(t), plans: [...t.plans] }]),
      inspectionItems: [...this.inspectionItems].map(([id, items]) => [id, [...items]]),
      lastDay: this.lastDay,
      lastRecordedMs: Number.isFinite(this.lastRecordedMs) ? this.lastRecordedMs : null,
    };
  }

  /** The counts an `image()` was taken of (the image's objects become the counts' own). */
  static fromImage(image: LiveCountsImage): LiveBoardCounts {
    const counts = new LiveBoardCounts();
    for (const [id, c] of image.contributions) counts.contributions.set(id, c);
    for (const [id, p] of image.plans) counts.plans.set(id, p);
    for (const [id, t] of image.inspections) counts.inspections.set(id, t);
    for (const [id, items] of image.inspectionItems) counts.inspectionItems.set(id, new Set(items));
    counts.lastDay = image.lastDay;
    counts.lastRecordedMs = image.lastRecordedMs ?? Number.NEGATIVE_INFINITY;
    return counts;
  }

  /** Follows one event the index has just applied. */
  observe(event: LedgerEvent, index: AsOfIndex): void {
    this.version++;
    this.recorded(event.recordedAt);
    if (event.streamId.startsWith('item-')) {
      const itemId = event.streamId.slice('item-'.length);
      this.itemNow(itemId, itemNowIn(index, itemId));
    } else if (event.streamId.startsWith('plan-')) {
      // Ids never change (corrections cannot touch them), but a correction can re-date the opening.
      const planId = event.streamId.slice('plan-'.length);
      const plan = index.planAt(planId, LATEST);
      if (plan) this.planOpened(planId, plan.inspectionId, plan.openedOn);
    }
  }

  /** Whether the counts are the answer at `at`: at or after every fact seen, on both axes. */
  covers(at: TimePoint): boolean {
    return at.asOf >= this.lastDay && Date.parse(at.knownAt) >= this.lastRecordedMs;
  }

  /** Every plan's (or one inspection's plans') rows; the portfolio name comes from `planName`. */
  portfolios(
    inspectionId: string | undefined,
    planName: (planId: string) => string | null,
  ): PortfolioCounts[] {
    const planIds =
      inspectionId === undefined ? this.plans.keys() : (this.inspections.get(inspectionId)?.plans ?? []);
    const out: PortfolioCounts[] = [];
    for (const planId of planIds) {
      const plan = this.plans.get(planId);
      if (!plan || (!plan.opened && plan.placements === 0)) continue;
      out.push({
        planId,
        portfolio: plan.opened ? planName(planId) : null,
        inspectionId: plan.inspectionId,
        recommendations: { ...plan.recommendations },
        areasForImprovement: { ...plan.areasForImprovement },
      });
    }
    return out;
  }

  /** Every inspection's rows (copies), keyed by inspection id. */
  byInspection(): Map<string, RowPair> {
    const out = new Map<string, RowPair>();
    for (const [id, t] of this.inspections) {
      out.set(id, {
        recommendations: { ...t.recommendations },
        areasForImprovement: { ...t.areasForImprovement },
      });
    }
    return out;
  }

  /**
   * Every inspection's line (by inspection id) and their sum, built straight from the tallies
   * and kept until the next event: dashboards poll this answer, and between two events it is
   * the same (at 1M, 1,123 inspections: ≈ 2.5 ms to copy, sort and list them per call before).
   * Shared between callers: read-only.
   */
  inspectionLines(): { inspections: readonly InspectionCounts[]; overall: RowPair } {
    if (this.lines?.version !== this.version) this.lines = this.linesNow();
    return { inspections: this.lines.inspections, overall: this.lines.overall };
  }

  private linesNow(): { version: number; inspections: InspectionCounts[]; overall: RowPair } {
    const inspections: InspectionCounts[] = [];
    for (const id of [...this.inspections.keys()].sort()) {
      const t = this.inspections.get(id) as InspectionTally;
      inspections.push({
        inspectionId: id,
        recommendations: toTuple(t.recommendations),
        areasForImprovement: toTuple(t.areasForImprovement),
      });
    }
    return { version: this.version, inspections, overall: overallOf(this.inspections.values()) };
  }

  /** One inspection's plans and the items that ever named them, for reads at past points. */
  scopeOf(inspectionId: string): { planIds: readonly string[]; itemIds: Iterable<string> } {
    return {
      planIds: this.inspections.get(inspectionId)?.plans ?? [],
      itemIds: this.inspectionItems.get(inspectionId) ?? [],
    };
  }

  private recorded(recordedAt: string): void {
    const ms = Date.parse(recordedAt);
    if (ms > this.lastRecordedMs) this.lastRecordedMs = ms;
  }

  private day(date: string): void {
    if (date > this.lastDay) this.lastDay = date;
  }

  private inspection(inspectionId: string): InspectionTally {
    let tally = this.inspections.get(inspectionId);
    if (!tally) {
      tally = { ...emptyPair(), plans: [] };
      this.inspections.set(inspectionId, tally);
    }
    return tally;
  }

  private plan(planId: string, inspectionId: string | null): PlanTally {
    let plan = this.plans.get(planId);
    if (!plan) {
      plan = { ...emptyPair(), inspectionId, opened: false, placements: 0 };
      this.plans.set(planId, plan);
      if (inspectionId !== null) this.inspection(inspectionId).plans.push(planId);
    }
    return plan;
  }

  private planOpened(planId: string, inspectionId: string, openedOn: string): void {
    this.day(openedOn);
    this.plan(planId, inspectionId).opened = true;
  }

  /** Takes away what the item added before and adds what it adds now. */
  private itemNow(itemId: string, item: ItemView | null): void {
    const before = this.contributions.get(itemId);
    if (before) this.apply(before, -1);
    if (item === null) {
      this.contributions.delete(itemId);
      return;
    }
    this.day(item.lastChangedOn);
    const after = contributionOf(item);
    this.contributions.set(itemId, after);
    this.apply(after, 1);
    let linked = this.inspectionItems.get(item.inspectionId);
    if (!linked) {
      linked = new Set();
      this.inspectionItems.set(item.inspectionId, linked);
    }
    linked.add(itemId);
  }

  private apply(c: Contribution, sign: 1 | -1): void {
    for (const placement of c.placements) {
      const plan = this.plan(placement.planId, c.inspectionId);
      plan.placements += sign;
      if (placement.role !== 'lead') continue;
      tally(plan[c.row], c.column, c.notApplicable, placement.transferredIn, sign);
      tally(this.inspection(c.inspectionId)[c.row], c.column, c.notApplicable, placement.transferredIn, sign);
    }
  }
}

function contributionOf(item: ItemView): Contribution {
  const placements: Placement[] = [];
  forEachPlacement(item, (planId, role, transferredIn) => {
    placements.push({ planId, role, transferredIn });
  });
  return {
    inspectionId: item.inspectionId,
    row: rowOf(item.kind),
    column: columnOf(item),
    notApplicable: item.status === 'not-applicable',
    placements,
  };
}
