import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandTarget } from '../../src/app/aggregates.js';
import { executeCommand } from '../../src/app/execute-command.js';
import { ConcurrencyError, RuleViolation, ValidationError } from '../../src/errors.js';
import {
  BOARD,
  boardReportPresented,
  ITEM,
  idFor,
  inspectionRegistered,
  OTHER_INSPECTION,
  PLAN,
  PLAN_B,
  planOpened,
  recommendationData,
} from '../domain/fixtures.js';
import { run, seedItem, serverMeta, sqliteLedger } from './setup.js';

const ITEM_STREAM = `item-${ITEM}`;
const FOREIGN_PLAN = idFor('foreign-plan');

let ledger: Awaited<ReturnType<typeof sqliteLedger>>;
beforeEach(async () => {
  ledger = await sqliteLedger();
});
afterEach(() => ledger.close());

async function rule(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RuleViolation);
  return error;
}

describe('executeCommand: streams and context', () => {
  it('receives an item into the stream derived from (inspection, ref)', async () => {
    const result = await seedItem(ledger.store);
    expect(result.streamId).toBe(ITEM_STREAM);
    expect(result.events[0]).toMatchObject({
      type: 'RecommendationReceived',
      data: { itemId: ITEM, ref: 'AFI.3' },
    });
    expect(
      commandTarget({ type: 'ReceiveRecommendation', data: { ...recommendationData(), ref: ' afi.3 ' } })
        ?.streamId,
    ).toBe(ITEM_STREAM);
  });

  it('refuses the same ref received again from another plan', async () => {
    await seedItem(ledger.store);
    const error = await rule(
      run(ledger.store, { type: 'ReceiveRecommendation', data: { ...recommendationData(), planId: PLAN_B } }),
    );
    expect(error).toMatchObject({ rule: 'item.already_received', field: 'data.ref' });
  });

  it('lets one of two concurrent receipts of the same ref win (no_stream decides)', async () => {
    await run(ledger.store, { type: 'RegisterInspection', data: inspectionRegistered().data }, '2011-01-15');
    await run(ledger.store, { type: 'OpenPlan', data: planOpened().data });
    await run(ledger.store, { type: 'OpenPlan', data: planOpened({ planId: PLAN_B, portfolio: 'PS' }).data });
    const other = ledger.open();
    const results = await Promise.allSettled([
      run(ledger.store, { type: 'ReceiveRecommendation', data: recommendationData() }),
      run(other, { type: 'ReceiveRecommendation', data: { ...recommendationData(), planId: PLAN_B } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    expect(
      loser?.reason instanceof ConcurrencyError ||
        (loser?.reason instanceof RuleViolation && loser.reason.rule === 'item.already_received'),
    ).toBe(true);
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });

  it('refuses a plan for an inspection that is not registered', async () => {
    const error = await rule(run(ledger.store, { type: 'OpenPlan', data: planOpened().data }));
    expect(error).toMatchObject({ rule: 'plan.inspection_not_found', field: 'data.inspectionId' });
  });

  it('refuses an item for a plan that does not exist', async () => {
    await run(ledger.store, { type: 'RegisterInspection', data: inspectionRegistered().data });
    const error = await rule(
      run(ledger.store, { type: 'ReceiveRecommendation', data: recommendationData() }),
    );
    expect(error).toMatchObject({ rule: 'item.plan_not_found', field: 'data.planId' });
  });

  it('loads the target plan of a transfer', async () => {
    await seedItem(ledger.store);
    await run(ledger.store, {
      type: 'RegisterInspection',
      data: inspectionRegistered({ inspectionId: OTHER_INSPECTION }).data,
    });
    await run(ledger.store, {
      type: 'OpenPlan',
      data: planOpened({ planId: FOREIGN_PLAN, inspectionId: OTHER_INSPECTION }).data,
    });
    const transfer = (toPlanId: string) =>
      run(ledger.store, { type: 'TransferToPlan', data: { itemId: ITEM, toPlanId, note: null } });
    expect(await rule(transfer(FOREIGN_PLAN))).toMatchObject({ rule: 'item.transfer_to_other_inspection' });
    expect(await rule(transfer(idFor('nowhere')))).toMatchObject({ rule: 'item.transfer_plan_not_found' });
    const moved = await transfer(PLAN_B);
    expect(moved.events[0]?.data).toEqual({ itemId: ITEM, fromPlanId: PLAN, toPlanId: PLAN_B, note: null });
  });

  it('loads the plans of a joint allocation and of a board report', async () => {
    await seedItem(ledger.store);
    const shared = await run(ledger.store, {
      type: 'AllocateJointly',
      data: { itemId: ITEM, withPlanIds: [PLAN_B], leadPlanId: PLAN_B },
    });
    expect(shared.events[0]?.type).toBe('JointlyAllocated');
    expect(
      await rule(
        run(ledger.store, {
          type: 'AllocateJointly',
          data: { itemId: ITEM, withPlanIds: [idFor('x')], leadPlanId: PLAN },
        }),
      ),
    ).toMatchObject({ rule: 'item.joint_plan_not_found' });
    const report = await run(
      ledger.store,
      { type: 'PresentBoardReport', data: boardReportPresented({ planIds: [PLAN, PLAN_B] }).data },
      '2011-04-27',
    );
    expect(report.streamId).toBe(`board-${BOARD}`);
    expect(
      await rule(
        run(
          ledger.store,
          { type: 'PresentBoardReport', data: boardReportPresented({ planIds: [PLAN, idFor('x')] }).data },
          '2011-04-27',
        ),
      ),
    ).toMatchObject({ rule: 'board.plan_not_found' });
  });
});

describe('executeCommand: corrections and validation', () => {
  it('needs the stream for a correction, and applies it there', async () => {
    const receipt = await seedItem(ledger.store);
    const eventId = receipt.events[0]?.eventId ?? '';
    const command = {
      type: 'CorrectEntry' as const,
      data: {
        correctsEventId: eventId,
        fields: { text: 'Corrected wording' },
        effectiveOn: null,
        reason: 'Typo',
      },
    };
    await expect(
      executeCommand(ledger.store, { command, metadata: serverMeta(), newId: ulid }),
    ).rejects.toThrow(ValidationError);
    const result = await executeCommand(ledger.store, {
      command,
      streamId: ITEM_STREAM,
      metadata: serverMeta(),
      newId: ulid,
    });
    expect(result.events[0]).toMatchObject({ type: 'EntryCorrected', revision: 1 });
    const elsewhere = await rule(
      executeCommand(ledger.store, {
        command,
        streamId: `plan-${PLAN}`,
        metadata: serverMeta(),
        newId: ulid,
      }),
    );
    expect(elsewhere).toMatchObject({ rule: 'correction.target_not_found' });
  });

  it('refuses a stream that disagrees with the data', async () => {
    await seedItem(ledger.store);
    await expect(
      executeCommand(ledger.store, {
        command: { type: 'PostUpdate', data: { itemId: ITEM, text: 'x' } },
        streamId: `item-${idFor('other')}`,
        metadata: serverMeta(),
        newId: ulid,
      }),
    ).rejects.toThrow(ValidationError);
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });
});
