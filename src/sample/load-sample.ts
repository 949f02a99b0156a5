import { digestFromLog, latestRecordedAt } from '../../projections/runtime/presented-snapshot.js';
import { executeCommand } from '../app/execute-command.js';
import type { Actor } from '../domain/envelope.js';
import { itemIdFor } from '../domain/ids.js';
import type { LedgerCommandInput } from '../domain/ledger-commands.js';
import type { EventStore } from '../store/event-store.js';
import type { SampleItem } from './sample-item.js';
import { sampleBoard, sampleInspection, sampleItems, samplePlans } from './sample-plan.js';

/** Fixed ids, so the sample is the same ledger on every machine (and easy to link to in docs). */
export const SAMPLE_IDS = {
  inspection: '01JEA1VJ004F52BRQSHQ36TWXC',
  plans: { local: '01JEA1VJ01B2AXG18XNNH08FG4', crime: '01JEA1VJ02WGCK33CMP4FD2CCE' },
  board: '01JEA1VJ03PY4JMDVZ5E4ZMX53',
} as const;

/** One command of the sample, with the business date it becomes true. */
interface Step {
  effectiveOn: string;
  command: LedgerCommandInput;
}

function itemSteps(item: SampleItem): Step[] {
  const itemId = itemIdFor(SAMPLE_IDS.inspection, item.ref);
  const steps: Step[] = [
    {
      effectiveOn: item.receivedOn,
      command: {
        type: 'ReceiveRecommendation',
        data: {
          inspectionId: SAMPLE_IDS.inspection,
          planId: SAMPLE_IDS.plans[item.portfolio],
          ref: item.ref,
          printedRef: null,
          kind: item.kind,
          parentRef: item.parentRef,
          text: item.text,
          reportReference: null,
          section: item.section,
          timescale: item.timescale,
          dueDate: item.dueDate,
        },
      },
    },
    {
      effectiveOn: item.receivedOn,
      command: {
        type: 'AssignOwner',
        data: {
          itemId,
          listingPlanId: null,
          strategicLead: item.strategicLead,
          actionOwner: item.actionOwner,
        },
      },
    },
    {
      effectiveOn: item.response.on,
      command: {
        type: 'RecordResponse',
        data: { itemId, listingPlanId: null, response: item.response.text },
      },
    },
  ];
  for (const step of item.timeline) {
    const on = step.on;
    switch (step.kind) {
      case 'update':
        steps.push({ effectiveOn: on, command: { type: 'PostUpdate', data: { itemId, text: step.text } } });
        break;
      case 'rag':
        steps.push({
          effectiveOn: on,
          command: { type: 'ChangeRag', data: { itemId, to: step.to, reason: step.reason } },
        });
        break;
      case 'complete':
        steps.push({
          effectiveOn: on,
          command: { type: 'MarkComplete', data: { itemId, evidence: step.evidence } },
        });
        break;
      case 'transfer':
        steps.push({
          effectiveOn: on,
          command: {
            type: 'TransferToPlan',
            data: { itemId, toPlanId: SAMPLE_IDS.plans[step.to], note: step.note },
          },
        });
        break;
      case 'due':
        steps.push({
          effectiveOn: on,
          command: {
            type: 'ChangeDueDate',
            data: {
              itemId,
              listingPlanId: null,
              dueDate: step.dueDate,
              timescale: null,
              reason: step.reason,
              escalated: step.escalated,
            },
          },
        });
        break;
      default: {
        const unhandled: never = step;
        throw new Error(`unhandled sample step ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return steps;
}

/** Every command of the sample ledger, in an order the deciders accept. */
export function sampleSteps(): Step[] {
  const { registeredOn, ...inspection } = sampleInspection;
  const steps: Step[] = [
    {
      effectiveOn: registeredOn,
      command: { type: 'RegisterInspection', data: { inspectionId: SAMPLE_IDS.inspection, ...inspection } },
    },
  ];
  for (const key of ['local', 'crime'] as const) {
    const { openedOn, ...plan } = samplePlans[key];
    steps.push({
      effectiveOn: openedOn,
      command: {
        type: 'OpenPlan',
        data: { planId: SAMPLE_IDS.plans[key], inspectionId: SAMPLE_IDS.inspection, ...plan },
      },
    });
  }
  for (const item of sampleItems) steps.push(...itemSteps(item));
  steps.push({
    effectiveOn: sampleBoard.presentedOn,
    command: {
      type: 'PresentBoardReport',
      data: {
        boardId: SAMPLE_IDS.board,
        boardName: sampleBoard.name,
        boardDate: sampleBoard.presentedOn,
        planIds: [SAMPLE_IDS.plans.local, SAMPLE_IDS.plans.crime],
        asOf: sampleBoard.presentedOn,
        // The sample's report shows the plans as loaded: the report's own record time.
        knownAt: null,
        snapshotDigest: null,
      },
    },
  });
  return steps;
}

const SAMPLE_ACTOR: Actor = {
  id: 'system',
  method: 'system',
  requestId: null,
  claimedName: 'sample data loader',
};

/**
 * Loads the sample through the same command path as the API (so every invariant holds), only
 * when the ledger is empty. Each command has an idempotency key, so an interrupted load can
 * simply be run again. The sample's board report is presented last, as a paper is: showing the
 * plans as loaded, with the digest of that snapshot, so "what the board saw" on its date shows
 * real figures. Returns the number of events appended.
 */
export async function loadSampleIfEmpty(
  store: EventStore,
  options: { newId: () => string },
): Promise<number> {
  if ((await store.headPosition()) >= 0) return 0;
  let appended = 0;
  for (const [index, step] of sampleSteps().entries()) {
    let command = step.command;
    if (command.type === 'PresentBoardReport') {
      const knownAt = (await latestRecordedAt(store)) || new Date().toISOString();
      const at = { asOf: command.data.asOf, knownAt };
      const snapshotDigest = await digestFromLog(store)(command.data.planIds, at);
      command = { ...command, data: { ...command.data, knownAt, snapshotDigest } };
    }
    const result = await executeCommand(store, {
      command,
      metadata: {
        actor: SAMPLE_ACTOR,
        correlationId: 'sample-data',
        causationId: null,
        effectiveOn: step.effectiveOn,
        idempotencyKey: `sample-data:${index}`,
      },
      newId: options.newId,
    });
    appended += result.noop ? 0 : result.events.length;
  }
  return appended;
}
