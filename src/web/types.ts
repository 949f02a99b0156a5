// Types only, never served (the web route serves .html/.js/.css/.svg), named by the dashboard's
// JSDoc. Each API answer is named by the zod schema the server validates and publishes in OpenAPI, so a
// changed schema fails `npm run typecheck` in the dashboard too. The page still has no build step.
import type { z } from 'zod';
import type { ItemRef, RowCounts, SummaryCounts } from '../../projections/board-summary-schema.js';
import type { ItemChange } from '../../projections/changes-between.js';
import type { PlanItem } from '../../projections/current-plans.js';
import type { HistoryEntry, HistoryFix } from '../../projections/item-history.js';
import type { DueItem } from '../../projections/overdue.js';
import type { RagPoint } from '../../projections/rag-over-time.js';
import type { BoardCountsResult, SummaryItemsResult } from '../../projections/runtime/board-queries.js';
import type {
  BoardReportsResult,
  BoardSummaryResult,
  ChangesBetweenResult,
  GetItemResult,
  GetPlansResult,
  ItemHistoryResult,
  ListPlansResult,
  OverdueResult,
  RagOverTimeResult,
} from '../../projections/runtime/queries.js';
import type { Actor as ActorSchema, RecordedEvent } from '../domain/envelope.js';
import type { LedgerEventType } from '../domain/ledger-event.js';

/** GET /board-reports */
export type BoardReports = z.infer<typeof BoardReportsResult>;
export type BoardReport = BoardReports['reports'][number];
/** GET /plans */
export type PlanList = z.infer<typeof ListPlansResult>;
/** GET /snapshot */
export type Snapshot = z.infer<typeof GetPlansResult>;
export type PlanSnapshot = Snapshot['plans'][number];
/** GET /items/{itemId} */
export type ItemAnswer = z.infer<typeof GetItemResult>;
export type Item = ItemAnswer['item'];
/** GET /items/{itemId}/history */
export type ItemHistory = z.infer<typeof ItemHistoryResult>;
/** GET /board-summary?items=all */
export type BoardSummary = z.infer<typeof BoardSummaryResult>;
/** GET /board-summary with inspectionId or by=portfolio: a row per portfolio, numbers only */
export type BoardCounts = z.infer<typeof BoardCountsResult>;
/** GET /board-summary/items: one page of the items behind one number */
export type SummaryItemsPage = z.infer<typeof SummaryItemsResult>;
/** GET /changes */
export type Changes = z.infer<typeof ChangesBetweenResult>;
/** GET /overdue */
export type Overdue = z.infer<typeof OverdueResult>;
/** GET /rag-over-time */
export type RagSeries = z.infer<typeof RagOverTimeResult>;
export type Actor = z.infer<typeof ActorSchema>;
/** One event of the live stream (GET /stream): the stored event as GET /events lists it. */
export type LiveEvent = RecordedEvent;
export type {
  DueItem,
  HistoryEntry,
  HistoryFix,
  ItemChange,
  ItemRef,
  LedgerEventType,
  PlanItem,
  RagPoint,
  RowCounts,
  SummaryCounts,
};

/** The body of an application/problem+json answer, as far as the page reads it. */
export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
}

/** planId → portfolio name, for sentences like "transferred to Crime and Justice". */
export type PlanNames = Map<string, string>;

/** The point in time every view is drawn at: date null is today. */
export interface TimePoint {
  date: string | null;
  mode: 'board' | 'now';
}

/** A child of an element: a node, text (numbers are written out), nothing (skipped), or a list. */
export type Child = Node | string | number | boolean | null | undefined | Child[];
