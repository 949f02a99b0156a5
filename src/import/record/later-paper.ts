import { z } from 'zod';
import type { RecordedEvent } from '../../domain/envelope.js';
import { decodeEvent } from '../../domain/ledger-event.js';
import { streamIdOf } from '../../domain/streams.js';
import { dateInWords } from '../../lib/date-words.js';
import type { ImportPlan } from './planned-command.js';

/**
 * A next month's export read against the ledger as a whole paper: is it older than the latest
 * paper already imported for its plans, and which items the ledger lists under its plans does it
 * no longer list? Pure: the caller reads the board stream and asks for the listed items.
 */

/** An item the ledger lists under one of the paper's plans that the paper does not list: reported, never deleted. */
export const MissingItem = z.strictObject({
  itemId: z.string(),
  ref: z.string(),
  planId: z.string(),
  /** The plan's portfolio, as this paper names it. */
  portfolio: z.string(),
  message: z.string(),
});
export type MissingItem = z.infer<typeof MissingItem>;

/** The latest report already imported for the paper's plans, when this paper is older than it. */
export const OlderPaper = z.strictObject({
  boardDate: z.string(),
  latestBoardName: z.string(),
  latestBoardDate: z.string(),
  message: z.string(),
});
export type OlderPaper = z.infer<typeof OlderPaper>;

/** The plans of the paper the ledger already held before this import, by plan id → portfolio. */
export function heldPlans(
  plan: ImportPlan,
  existing: ReadonlyMap<string, readonly RecordedEvent[]>,
): Map<string, string> {
  const held = new Map<string, string>();
  for (const stream of plan.streams) {
    if (stream.kind !== 'plan' || (existing.get(stream.streamId)?.length ?? 0) === 0) continue;
    const open = stream.commands[0]?.command;
    if (open?.type === 'OpenPlan') held.set(open.data.planId, open.data.portfolio);
  }
  return held;
}

/** The listed items the paper has no row for (an item moved to another plan is listed there, not here). */
export function missingItems(
  plan: ImportPlan,
  plans: ReadonlyMap<string, string>,
  listed: readonly { itemId: string; ref: string; planId: string }[],
): MissingItem[] {
  const rows = new Set(plan.streams.filter((s) => s.kind === 'item').map((s) => s.streamId));
  const seen = new Set<string>();
  const out: MissingItem[] = [];
  for (const item of listed) {
    if (rows.has(streamIdOf('item', item.itemId)) || seen.has(item.itemId)) continue;
    seen.add(item.itemId);
    const portfolio = plans.get(item.planId) ?? item.planId;
    out.push({
      ...item,
      portfolio,
      message: `item ${item.ref} is in the ${portfolio} plan in the ledger but not in this paper: it is not deleted; if it was closed, moved or withdrawn, record that`,
    });
  }
  return out.sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true }));
}

/**
 * Compares the paper's board date with the latest report of its board already in the ledger that
 * presents any of its plans (`boardRecords`: the board stream as read). Null when it is not older.
 */
export function olderPaper(plan: ImportPlan, boardRecords: readonly RecordedEvent[]): OlderPaper | null {
  const presentation = plan.presentation;
  if (!presentation) return null;
  const planIds = new Set(
    plan.streams.flatMap((s) => {
      const open = s.commands[0]?.command;
      return open?.type === 'OpenPlan' ? [open.data.planId] : [];
    }),
  );
  let latest: { boardName: string; boardDate: string } | null = null;
  for (const record of boardRecords) {
    if (record.type !== 'BoardReportPresented') continue;
    const event = decodeEvent(record);
    if (event.type !== 'BoardReportPresented') continue;
    if (!event.data.planIds.some((id) => planIds.has(id))) continue;
    if (latest === null || event.data.boardDate > latest.boardDate) latest = event.data;
  }
  if (latest === null || presentation.boardDate >= latest.boardDate) return null;
  return {
    boardDate: presentation.boardDate,
    latestBoardName: latest.boardName,
    latestBoardDate: latest.boardDate,
    message: `${plan.file.name} is the paper of ${dateInWords(presentation.boardDate)}, older than the latest one already imported for its plans (presented to ${latest.boardName} on ${dateInWords(latest.boardDate)}): nothing new was appended. An older paper cannot change what a later one reported; import the newest paper, or correct a fact in the ledger directly`,
  };
}
