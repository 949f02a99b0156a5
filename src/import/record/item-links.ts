import type { Ulid } from '../../domain/fields.js';
import type { IsoDate, LineNote, ParsedItem } from '../parsed-document.js';
import type { ItemIdentity, Listing } from './item-identities.js';
import { notebook, type Planned } from './notes.js';
import { cellOf, type Dated, RANK } from './planned-command.js';

/** What an item's commands need to know about the rest of the document. */
export interface ItemPlanContext {
  readonly inspectionId: Ulid;
  /** Plan ids by plan index in the inspection. */
  readonly planIds: readonly Ulid[];
  /** The plan of a portfolio named in a transfer or joint allocation; null when none matches. */
  planOf(portfolio: string): { planId: Ulid; planIndex: number } | null;
  readonly portfolios: readonly string[];
  /** The paper's own date: what it reports without a date is as of then (imputed). */
  readonly paperDate: IsoDate | null;
}

/** A move between two plans of the document, by plan index. */
export interface PlannedTransfer {
  readonly from: number | null;
  readonly to: number;
  readonly effectiveOn: IsoDate | null;
  readonly line: number;
  readonly text: string;
  /** A date in the wording is stated; the row's Date of Update standing in for one is not. */
  readonly dated: Dated | null;
  /** The row that carries the wording. */
  readonly item: ParsedItem;
}

/** Transfers of all listings, once each, oldest first; those naming no plan of the document are noted. */
export function transfersOf(
  listings: readonly Listing[],
  ctx: ItemPlanContext,
): { transfers: PlannedTransfer[]; notes: LineNote[] } {
  const book = notebook();
  const seen = new Set<string>();
  const out: PlannedTransfer[] = [];
  for (const { item } of listings) {
    for (const t of item.transfers ?? []) {
      const to = t.toPortfolio === null ? null : ctx.planOf(t.toPortfolio);
      const from = t.fromPortfolio === null ? null : ctx.planOf(t.fromPortfolio);
      if (!to) {
        book.note(
          t.line,
          `the transfer "${t.text}" names no plan of this paper: it was not recorded. Check the portfolio's name against the plan headers`,
        );
        continue;
      }
      const id = `${from?.planIndex ?? '?'}>${to.planIndex}@${t.effectiveOn ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const imputed = t.effectiveOn === null && ctx.paperDate !== null;
      const effectiveOn = t.effectiveOn ?? ctx.paperDate;
      const dated: Dated | null = imputed
        ? { from: 'paper-date', stated: false }
        : t.effectiveOn === null
          ? null
          : t.effectiveOn === item.dateOfUpdate
            ? { from: 'date-of-update', stated: false }
            : { from: 'stated', stated: true };
      out.push({
        from: from?.planIndex ?? null,
        to: to.planIndex,
        effectiveOn,
        line: t.line,
        text: t.text,
        dated,
        item,
      });
    }
  }
  out.sort((a, b) => (a.effectiveOn ?? '').localeCompare(b.effectiveOn ?? ''));
  return { transfers: out, notes: book.notes };
}

/** What `jointAllocation` looks at. */
export interface JointAllocationInput {
  readonly identity: ItemIdentity;
  readonly ctx: ItemPlanContext;
  readonly itemId: Ulid;
  /** The plan the item is in once its transfers are applied. */
  readonly ownPlan: number;
  /** The listing the item was received with; its plan leads. */
  readonly primary: Listing;
  /** Whether the item was transferred: then its listings in two plans are not sharing. */
  readonly moved: boolean;
  /** The last transfer's date (and how it was found): a joint allocation follows it. */
  readonly after: IsoDate | null;
  readonly afterDated: Dated | null;
}

/** Rows of one item in several plans with no transfer are shared, as are plans named in "allocated to"; the primary listing's plan leads. */
export function jointAllocation(input: JointAllocationInput): Planned {
  const { identity, ctx, itemId, ownPlan, primary, moved, after, afterDated } = input;
  const book = notebook();
  const sharers = new Set<number>();
  for (const { item, planIndex } of identity.listings) {
    // A moved item is listed by the plan it left and the one it joined: that is not sharing.
    if (!moved) sharers.add(planIndex);
    for (const name of item.jointWith ?? []) {
      const plan = ctx.planOf(name);
      if (plan) sharers.add(plan.planIndex);
      else
        book.note(
          item.line,
          `the row says the item is jointly allocated to "${name}", but this paper has no plan of that name: the joint allocation was not recorded. Check the portfolio's name against the plan headers`,
        );
    }
  }
  sharers.delete(ownPlan);
  const lead = ctx.planIds[primary.planIndex] ?? ctx.planIds[ownPlan];
  if (sharers.size === 0 || lead === undefined) return { commands: [], notes: book.notes };
  const withPlanIds = [...sharers].sort((a, b) => a - b).flatMap((i) => ctx.planIds[i] ?? []);
  return {
    commands: [
      {
        command: { type: 'AllocateJointly', data: { itemId, withPlanIds, leadPlanId: lead } },
        effectiveOn: after,
        line: primary.item.line,
        rank: RANK.joint,
        ...cellOf(primary.item, 'text'),
        dated: afterDated,
      },
    ],
    notes: book.notes,
  };
}
