import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardCounts, summaryItems } from '../../../../projections/runtime/board-queries.js';
import {
  boardReports,
  boardSummary,
  changesBetween,
  overdue,
  ragOverTime,
} from '../../../../projections/runtime/queries.js';
import {
  BoardCountsByInspectionResult,
  BoardCountsResult,
  BoardReportsParams,
  BoardReportsResult,
  BoardSummaryParams,
  BoardSummaryResult,
  ChangesBetweenParams,
  ChangesBetweenResult,
  OverdueParams,
  OverdueResult,
  RagOverTimeParams,
  RagOverTimeResult,
  SummaryItemsParams,
  SummaryItemsResult,
} from './schema.js';

const read = { permission: 'read' as const };
const tags = ['queries'];

/** Reports for boards, inspectors and dashboards. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const source = () => app.ledger.projections;
  app.get(
    '/board-summary',
    {
      config: { ...read, answerCache: true },
      schema: {
        tags,
        summary:
          'Total / Completed / Green / Amber / Red: a line per inspection (default), a row per portfolio (inspectionId or by=portfolio); the items behind each number with items=all, or a page at a time from /board-summary/items',
        querystring: BoardSummaryParams,
        response: { 200: z.union([BoardCountsByInspectionResult, BoardCountsResult, BoardSummaryResult]) },
      },
    },
    async (request) =>
      request.query.items === 'all'
        ? boardSummary(source(), request.query)
        : boardCounts(source(), request.query),
  );
  app.get(
    '/board-summary/items',
    {
      config: { ...read, answerCache: true },
      schema: {
        tags,
        summary: 'The items behind one number of the board summary, a page at a time (ordered by ref)',
        querystring: SummaryItemsParams,
        response: { 200: SummaryItemsResult },
      },
    },
    async (request) => summaryItems(source(), request.query),
  );
  app.get(
    '/board-reports',
    {
      config: read,
      schema: {
        tags,
        summary: 'Board reports presented on or before asOf',
        querystring: BoardReportsParams,
        response: { 200: BoardReportsResult },
      },
    },
    async (request) => boardReports(source(), request.query),
  );
  app.get(
    '/changes',
    {
      config: read,
      schema: {
        tags,
        summary: 'What was added, updated, re-rated, completed or transferred between two dates',
        querystring: ChangesBetweenParams,
        response: { 200: ChangesBetweenResult },
      },
    },
    async (request) => changesBetween(source(), request.query),
  );
  app.get(
    '/overdue',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open items past due, or due within dueSoonDays, on a date',
        querystring: OverdueParams,
        response: { 200: OverdueResult },
      },
    },
    async (request) => overdue(source(), request.query),
  );
  app.get(
    '/rag-over-time',
    {
      config: read,
      schema: {
        tags,
        summary: 'RAG counts per date, for charts',
        querystring: RagOverTimeParams,
        response: { 200: RagOverTimeResult },
      },
    },
    async (request) => ragOverTime(source(), request.query),
  );
};
