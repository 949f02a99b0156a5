import { describe, it } from 'vitest';
import { boardDecider } from '../../src/domain/board-decider.js';
import { deciderSpec } from './decider-spec.js';
import { BOARD, boardReportPresented, idFor, meta, PLAN, PLAN_B, planRef } from './fixtures.js';

const spec = deciderSpec(boardDecider);
const present = (
  planIds: string[] = [PLAN],
  plans = [planRef(PLAN), planRef(PLAN_B)],
  effectiveOn = '2011-04-27',
) => ({
  type: 'PresentBoardReport' as const,
  data: boardReportPresented({ planIds }).data,
  context: { plans },
  metadata: meta(effectiveOn),
});

describe('PresentBoardReport', () => {
  it('records the first report (creating the board stream)', () => {
    spec.given().when(present()).then([boardReportPresented()]);
  });
  it('records later reports on the same board', () => {
    spec
      .given([boardReportPresented({ boardDate: '2011-01-26' })])
      .when(present([PLAN, PLAN_B]))
      .then([boardReportPresented({ planIds: [PLAN, PLAN_B] })]);
  });
  it('needs at least one plan (decider guard, below the schema)', () => {
    spec.given().when(present([]), { skipSchema: true }).thenThrows('board.no_plans', 'data.planIds');
  });
  it('refuses a plan named twice', () => {
    spec
      .given()
      .when(present([PLAN, PLAN]))
      .thenThrows('board.duplicate_plan', 'data.planIds');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given()
      .when(present([PLAN, idFor('nowhere')]))
      .thenThrows('board.plan_not_found', 'data.planIds');
  });
  it('is a fact of its board date', () => {
    spec
      .given()
      .when(present([PLAN], [planRef(PLAN)], '2011-05-03'))
      .thenThrows('board.effective_not_board_date', 'metadata.effectiveOn');
  });
  it('refuses the same plans presented twice on one date', () => {
    spec
      .given([boardReportPresented()])
      .when(present())
      .thenThrows('board.already_presented', 'data.boardDate');
  });
});

describe('corrections on a board stream', () => {
  it('need the board to exist', () => {
    spec
      .given()
      .when({ type: 'RetractEntry', data: { retractsEventId: BOARD, reason: 'wrong' }, metadata: meta() })
      .thenNotFound();
  });
});
