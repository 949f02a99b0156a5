import type { Actor } from '../../src/domain/envelope.js';
import {
  CURRENT_SCHEMA_VERSION,
  type LedgerEvent,
  type LedgerEventBody,
} from '../../src/domain/ledger-event.js';

/** A deterministic ULID for test number n (Crockford base32, first character 0). */
export function ulid(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  let rest = n;
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return `01ARZ3NDEKTSV4RRFF${out.slice(2)}`;
}

const HASH = '0'.repeat(64);
export const tester: Actor = { id: 'key-tester', method: 'api-key', requestId: null, claimedName: null };

export interface At {
  /** Business date, YYYY-MM-DD. */
  on: string;
  /** Record instant; default: the builder's clock, one minute after the previous event. */
  recordedAt?: string;
  actor?: Actor;
}

/**
 * Builds a log the way a store would number it (positions, per-stream revisions, a clock that
 * moves forward), from event bodies: no deciders involved, so tests can also build histories a
 * decider would refuse (back-dated entries, clocks going backwards).
 */
export class LogBuilder {
  readonly events: LedgerEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private clock = Date.parse('2011-01-01T09:00:00.000Z');
  private nextId = 1;

  add(streamId: string, body: LedgerEventBody, at: At): LedgerEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.clock += 60_000;
    const recordedAt = at.recordedAt ?? new Date(this.clock).toISOString();
    const envelope = {
      eventId: ulid(1_000_000 + this.nextId++),
      schemaVersion: CURRENT_SCHEMA_VERSION[body.type],
      effectiveOn: at.on,
      actor: at.actor ?? tester,
      correlationId: null,
      causationId: null,
      streamId,
      revision,
      position: this.events.length,
      recordedAt,
      prevHash: HASH,
      hash: HASH,
    };
    const event: LedgerEvent = Object.assign(envelope, body);
    this.events.push(event);
    return event;
  }

  inspection(id: string, at: At, title = 'BTP Inspection 2010'): LedgerEvent {
    return this.add(
      `inspection-${id}`,
      {
        type: 'InspectionRegistered',
        data: {
          inspectionId: id,
          title,
          inspectorate: 'HMIC',
          fieldworkFrom: null,
          fieldworkTo: null,
          publishedOn: null,
          source: null,
        },
      },
      at,
    );
  }

  plan(id: string, inspectionId: string, portfolio: string, at: At): LedgerEvent {
    return this.add(
      `plan-${id}`,
      {
        type: 'PlanOpened',
        data: { planId: id, inspectionId, portfolio, portfolioOwner: null, planOwner: null },
      },
      at,
    );
  }

  received(
    item: { itemId: string; inspectionId: string; planId: string; ref: string; dueDate?: string | null },
    at: At,
    kind:
      | 'recommendation'
      | 'area-for-improvement'
      | 'national-recommendation'
      | 'sub-recommendation' = item.ref.startsWith('R.') ? 'recommendation' : 'area-for-improvement',
  ): LedgerEvent {
    return this.add(
      `item-${item.itemId}`,
      {
        type: 'RecommendationReceived',
        data: {
          itemId: item.itemId,
          inspectionId: item.inspectionId,
          planId: item.planId,
          ref: item.ref,
          printedRef: null,
          kind,
          parentRef: null,
          text: `Text of ${item.ref}`,
          reportReference: null,
          section: null,
          timescale: null,
          dueDate: item.dueDate ?? null,
        },
      },
      at,
    );
  }

  rag(itemId: string, to: 'RED' | 'AMBER' | 'GREEN', at: At, from: 'RED' | 'AMBER' | 'GREEN' | null = null) {
    return this.add(`item-${itemId}`, { type: 'RagChanged', data: { itemId, from, to, reason: null } }, at);
  }

  response(itemId: string, response: string, at: At) {
    return this.add(
      `item-${itemId}`,
      { type: 'ResponseRecorded', data: { itemId, listingPlanId: null, response } },
      at,
    );
  }

  update(itemId: string, text: string, at: At) {
    return this.add(`item-${itemId}`, { type: 'UpdatePosted', data: { itemId, text } }, at);
  }

  owner(itemId: string, actionOwner: string, at: At) {
    return this.add(
      `item-${itemId}`,
      { type: 'OwnerAssigned', data: { itemId, listingPlanId: null, strategicLead: null, actionOwner } },
      at,
    );
  }

  due(itemId: string, dueDate: string | null, at: At, escalated = false) {
    return this.add(
      `item-${itemId}`,
      {
        type: 'DueDateChanged',
        data: { itemId, listingPlanId: null, dueDate, timescale: null, reason: 'moved', escalated },
      },
      at,
    );
  }

  complete(itemId: string, at: At) {
    return this.add(`item-${itemId}`, { type: 'MarkedComplete', data: { itemId, evidence: null } }, at);
  }

  reopen(itemId: string, at: At) {
    return this.add(`item-${itemId}`, { type: 'Reopened', data: { itemId, reason: 'not done' } }, at);
  }

  notApplicable(itemId: string, at: At) {
    return this.add(
      `item-${itemId}`,
      { type: 'MarkedNotApplicable', data: { itemId, reason: 'to be progressed by the Home Office' } },
      at,
    );
  }

  transfer(itemId: string, fromPlanId: string, toPlanId: string, at: At) {
    return this.add(
      `item-${itemId}`,
      { type: 'TransferredBetweenPortfolios', data: { itemId, fromPlanId, toPlanId, note: null } },
      at,
    );
  }

  joint(itemId: string, withPlanIds: string[], leadPlanId: string, at: At) {
    return this.add(
      `item-${itemId}`,
      { type: 'JointlyAllocated', data: { itemId, withPlanIds, leadPlanId } },
      at,
    );
  }

  correct(
    target: LedgerEvent,
    fix: { fields?: Record<string, unknown>; effectiveOn?: string | null },
    at: At,
  ): LedgerEvent {
    return this.add(
      target.streamId,
      {
        type: 'EntryCorrected',
        data: {
          correctsEventId: target.eventId,
          fields: fix.fields ?? {},
          effectiveOn: fix.effectiveOn ?? null,
          reason: 'typed the wrong value',
        },
      },
      at,
    );
  }

  retract(target: LedgerEvent, at: At): LedgerEvent {
    return this.add(
      target.streamId,
      { type: 'EntryRetracted', data: { retractsEventId: target.eventId, reason: 'entered in error' } },
      at,
    );
  }

  board(boardId: string, boardDate: string, planIds: string[], at: At) {
    return this.add(
      `board-${boardId}`,
      {
        type: 'BoardReportPresented',
        data: {
          boardId,
          boardName: 'Performance Review Group',
          boardDate,
          planIds,
          asOf: boardDate,
          knownAt: null,
          snapshotDigest: null,
        },
      },
      at,
    );
  }
}

/** Ids used across tests. */
export const ids = {
  inspection: ulid(1),
  tp: ulid(11),
  ps: ulid(12),
  ops: ulid(13),
  fcs: ulid(14),
  item: (n: number) => ulid(100 + n),
};
