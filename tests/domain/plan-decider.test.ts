import { describe, it } from 'vitest';
import { planDecider } from '../../src/domain/plan-decider.js';
import { deciderSpec, on } from './decider-spec.js';
import { INSPECTION, meta, OTHER_INSPECTION, PLAN, planOpened } from './fixtures.js';

const spec = deciderSpec(planDecider);
const open = (inspection: { inspectionId: string } | null = { inspectionId: INSPECTION }) => ({
  type: 'OpenPlan' as const,
  data: planOpened().data,
  context: { inspection },
  metadata: meta('2011-02-01'),
});
const changeOwner = (
  data: { portfolioOwner?: string | null; planOwner?: string | null },
  effectiveOn = '2011-05-01',
) => ({
  type: 'ChangePlanOwner' as const,
  data: { planId: PLAN, ...data },
  metadata: meta(effectiveOn),
});

describe('OpenPlan', () => {
  it("opens a portfolio's plan", () => {
    spec.given().when(open()).then([planOpened()]);
  });
  it('refuses a plan opened twice', () => {
    spec.given([planOpened()]).when(open()).thenThrows('plan.already_opened', 'data.planId');
  });
  it('refuses an inspection that is not registered', () => {
    spec.given().when(open(null)).thenThrows('plan.inspection_not_found', 'data.inspectionId');
    spec
      .given()
      .when(open({ inspectionId: OTHER_INSPECTION }))
      .thenThrows('plan.inspection_not_found', 'data.inspectionId');
  });
});

describe('ChangePlanOwner', () => {
  it('changes one owner, leaving the other', () => {
    spec
      .given([planOpened()])
      .when(changeOwner({ planOwner: 'Supt Jones' }))
      .then([{ type: 'PlanOwnerChanged', data: { planId: PLAN, planOwner: 'Supt Jones' } }]);
  });
  it('refuses identical owners', () => {
    spec
      .given([planOpened()])
      .when(changeOwner({ portfolioOwner: 'ACC Territorial Policing', planOwner: 'Ch Supt Smith' }))
      .thenThrows('plan.owner_unchanged', 'data.portfolioOwner');
    spec
      .given([planOpened(), { type: 'PlanOwnerChanged', data: { planId: PLAN, planOwner: 'Supt Jones' } }])
      .when(changeOwner({ planOwner: 'Supt Jones' }))
      .thenThrows('plan.owner_unchanged', 'data.planOwner');
  });
  it('refuses a change dated before the plan was opened', () => {
    spec
      .given([on('2011-02-01', planOpened())])
      .when(changeOwner({ planOwner: 'Supt Jones' }, '2011-01-01'))
      .thenThrows('plan.effective_before_opened', 'metadata.effectiveOn');
  });
  it('is NotFound on a plan never opened', () => {
    spec
      .given()
      .when(changeOwner({ planOwner: 'Supt Jones' }))
      .thenNotFound();
  });
});
