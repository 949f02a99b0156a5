import type { ItemKind, Rag } from '../src/domain/fields.js';
import { itemIdFor } from '../src/domain/ids.js';
import type { LedgerEventBody } from '../src/domain/ledger-event.js';
import { streamIdOf } from '../src/domain/streams.js';
import { dayToDate as dayToIso, type Emitter, type GeneratedEvent } from './generator-emitter.js';
import { findingText, personName, responseText, SECTIONS, TIMESCALES, updateText } from './generator-text.js';
import type { Rng } from './rng.js';

export interface ItemSpec {
  inspectionId: string;
  planId: string;
  /** Every plan of the inspection: transfers and joint allocations stay inside it. */
  allPlanIds: readonly string[];
  ref: string;
  kind: ItemKind;
  parentRef: string | null;
  receivedDay: number;
  /** Every plan is recorded by then: the item's first command needs its plans to exist. */
  notBeforeMs: number;
}

const RAGS: readonly Rag[] = ['RED', 'AMBER', 'GREEN'];

/** First ratings lean amber, as in the seed papers' summary tables. */
function firstRag(rng: Rng): Rag {
  const r = rng.next();
  return r < 0.2 ? 'RED' : r < 0.75 ? 'AMBER' : 'GREEN';
}

/**
 * One item's whole life, in stream order: received, owners, response, 5-40 dated updates
 * with RAG changes, sometimes a due-date change, a transfer or a joint allocation, a few
 * corrections and retractions, and usually a completion (sometimes reopened) or N/A.
 * Returns the last business day it touched, so boards know how long the plan ran.
 */
export function generateItem(rng: Rng, emitter: Emitter, spec: ItemSpec): number {
  const itemId = itemIdFor(spec.inspectionId, spec.ref);
  const stream = streamIdOf('item', itemId);
  // Later events follow the first within the stream, so only the first needs the floor.
  const emit = (day: number, body: LedgerEventBody) => emitter.emit(rng, stream, day, body, spec.notBeforeMs);
  let day = spec.receivedDay;
  const dated = rng.chance(0.8);
  let dueDay: number | null = dated ? day + rng.int(90, 540) : null;
  emit(day, {
    type: 'RecommendationReceived',
    data: {
      itemId,
      inspectionId: spec.inspectionId,
      planId: spec.planId,
      ref: spec.ref,
      printedRef: null,
      kind: spec.kind,
      parentRef: spec.parentRef,
      text: findingText(rng),
      reportReference: rng.chance(0.6)
        ? `pg ${rng.int(5, 120)} paragraph ${rng.int(1, 9)}.${rng.int(1, 40)}`
        : null,
      section: rng.chance(0.7) ? rng.pick(SECTIONS) : null,
      timescale: dated ? null : rng.pick(TIMESCALES),
      dueDate: dueDay === null ? null : dayToIso(dueDay),
    },
  });
  day += rng.int(0, 14);
  emit(day, {
    type: 'OwnerAssigned',
    data: {
      itemId,
      listingPlanId: null,
      strategicLead: personName(rng),
      actionOwner: rng.chance(0.9) ? personName(rng) : null,
    },
  });
  if (rng.chance(0.9)) {
    day += rng.int(1, 30);
    emit(day, {
      type: 'ResponseRecorded',
      data: { itemId, listingPlanId: null, response: responseText(rng) },
    });
  }

  let planId = spec.planId;
  let rag: Rag | null = null;
  const others = () => spec.allPlanIds.filter((p) => p !== planId);
  const updates: GeneratedEvent[] = [];
  const retracted = new Set<string>();
  const nUpdates = rng.int(5, 40);
  const dueChangeAt = rng.chance(0.12) ? rng.int(1, nUpdates - 1) : -1;
  const transferAt = spec.allPlanIds.length > 1 && rng.chance(0.06) ? rng.int(1, nUpdates - 1) : -1;
  const jointAt = spec.allPlanIds.length > 1 && rng.chance(0.04) ? rng.int(0, nUpdates - 1) : -1;

  const postUpdates = (count: number, start: number) => {
    for (let u = start; u < start + count; u++) {
      day += rng.int(10, 45);
      updates.push(emit(day, { type: 'UpdatePosted', data: { itemId, text: updateText(rng) } }));
      if (rag === null || rng.chance(0.15)) {
        const from: Rag | null = rag;
        const to = from === null ? firstRag(rng) : rng.pick(RAGS.filter((r) => r !== from));
        emit(day, {
          type: 'RagChanged',
          data: { itemId, from, to, reason: from === null ? null : 'Reviewed at PRG' },
        });
        rag = to;
      }
      if (u === dueChangeAt) {
        // An escalation must pull the date forward (the item decider refuses anything else).
        const pulled = day + rng.int(14, 60);
        const escalated = rng.chance(0.3) && (dueDay === null || pulled < dueDay);
        dueDay = escalated ? pulled : Math.max(day, dueDay ?? day) + rng.int(60, 270);
        emit(day, {
          type: 'DueDateChanged',
          data: {
            itemId,
            listingPlanId: null,
            dueDate: dayToIso(dueDay),
            timescale: null,
            reason: escalated
              ? 'Escalated by the Performance Review Group'
              : 'Extended: dependent on national guidance',
            escalated,
          },
        });
      }
      if (u === jointAt) {
        const shared = others().slice(0, rng.int(1, 2));
        if (shared.length > 0)
          emit(day, { type: 'JointlyAllocated', data: { itemId, withPlanIds: shared, leadPlanId: planId } });
      }
      if (u === transferAt) {
        const toPlanId = rng.pick(others());
        emit(day, {
          type: 'TransferredBetweenPortfolios',
          data: { itemId, fromPlanId: planId, toPlanId, note: `Transferred on ${dayToIso(day)}` },
        });
        planId = toPlanId;
      }
      maybeCorrect();
    }
  };

  // Corrections name an earlier update of the same stream, a few days after it was posted.
  const maybeCorrect = () => {
    const target = updates[updates.length - 1];
    if (!target || retracted.has(target.eventId)) return;
    if (rng.chance(0.015)) {
      emit(day + rng.int(0, 10), {
        type: 'EntryCorrected',
        data: {
          correctsEventId: target.eventId,
          fields: { text: updateText(rng) },
          effectiveOn: null,
          reason: 'Typing error in the update',
        },
      });
    } else if (rng.chance(0.005)) {
      retracted.add(target.eventId);
      emit(day + rng.int(0, 10), {
        type: 'EntryRetracted',
        data: { retractsEventId: target.eventId, reason: 'Posted twice in error' },
      });
    }
  };

  postUpdates(nUpdates, 0);
  const ending = rng.next();
  if (ending < 0.65) {
    emit(day, {
      type: 'MarkedComplete',
      data: { itemId, evidence: rng.chance(0.7) ? 'Evidence presented to the board' : null },
    });
    if (rng.chance(0.03)) {
      day += rng.int(30, 90);
      emit(day, { type: 'Reopened', data: { itemId, reason: 'Reopened following the HMIC revisit' } });
      postUpdates(rng.int(1, 3), nUpdates);
      emit(day, { type: 'MarkedComplete', data: { itemId, evidence: null } });
    }
  } else if (ending < 0.69) {
    emit(day, {
      type: 'MarkedNotApplicable',
      data: { itemId, reason: 'To be progressed by the Home Office' },
    });
  }
  return day;
}
