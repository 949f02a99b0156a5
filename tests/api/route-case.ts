import type { Permission } from '../../src/auth/roles.js';
import { json, post, type Seeded, type TestLedger } from './factories.js';

/** A request ready to send: the concrete URL, and a JSON body for POSTs. */
export interface PreparedRequest {
  url: string;
  body?: unknown;
}

/**
 * One route of the API for the authorisation matrix: what it needs, what it answers when
 * allowed, and how to make a fresh, valid request for it (so every allowed role gets the
 * success status, not a business-rule refusal left over from another role's request).
 */
export interface RouteCase {
  method: 'GET' | 'POST';
  /** As OpenAPI names it, e.g. `/items/{itemId}/rag`. */
  path: string;
  permission: Permission;
  /** A contributor key may use it only on items of its portfolios. */
  scoped?: boolean;
  /** Not in the OpenAPI document (the document itself, the docs UI, the dashboard page). */
  hidden?: boolean;
  success: number;
  prepare(ctx: CaseContext): Promise<PreparedRequest>;
}

/** What a case's `prepare` may use: the ledger, its seeded ids, and new items. */
export interface CaseContext {
  ledger: TestLedger;
  ids: Seeded;
  /** A new open item in the Territorial Policing plan (the matrix contributor's portfolio). */
  freshItem(): Promise<string>;
}

let counter = 0;

/** A number no earlier request of this run used (refs, portfolio and owner names stay distinct). */
export const nextNumber = (): number => ++counter;

/** The id a successful create answered with; throws naming the answer otherwise. */
export async function idOf(pending: ReturnType<typeof post>): Promise<string> {
  const response = await pending;
  const id = json(response).id;
  if (response.statusCode !== 201 || typeof id !== 'string')
    throw new Error(`prepare failed: ${response.body}`);
  return id;
}

export function caseContext(ledger: TestLedger, ids: Seeded): CaseContext {
  return {
    ledger,
    ids,
    freshItem: () =>
      idOf(
        post(ledger.app, ledger.tokens.admin, '/items', {
          inspectionId: ids.inspectionId,
          planId: ids.tpPlanId,
          ref: `M.${nextNumber()}`,
          kind: 'recommendation',
          text: 'A matrix item',
          effectiveOn: '2010-11-03',
        }),
      ),
  };
}

/** A board the admin presented the seeded plan to (its first report, revision 0): its id. */
export function newBoard({ ledger, ids }: Pick<CaseContext, 'ledger' | 'ids'>): Promise<string> {
  return idOf(
    post(ledger.app, ledger.tokens.admin, '/boards', {
      boardName: 'PRG',
      boardDate: '2011-04-27',
      planIds: [ids.tpPlanId],
    }),
  );
}

/** A POST on a fresh item of the matrix contributor's portfolio, after `before` when given. */
export const itemCase = (
  suffix: string,
  permission: Permission,
  body: unknown,
  before?: (ctx: CaseContext, itemId: string) => Promise<unknown>,
): RouteCase => ({
  method: 'POST',
  path: `/items/{itemId}/${suffix}`,
  permission,
  scoped: permission === 'contribute',
  success: 201,
  async prepare(ctx) {
    const itemId = await ctx.freshItem();
    if (before) await before(ctx, itemId);
    return { url: `/items/${itemId}/${suffix}`, body };
  },
});

/** A request whose URL is its path, with `body` when given. */
export const fixed = (
  method: 'GET' | 'POST',
  path: string,
  permission: Permission,
  success: number,
  body?: unknown,
): RouteCase => ({
  method,
  path,
  permission,
  success,
  prepare: async () => ({ url: path, ...(body !== undefined ? { body } : {}) }),
});
