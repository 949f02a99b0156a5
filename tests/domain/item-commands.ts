/** The item decider's spec and one small factory per item command, shared by the item decider's tests. */
import { itemDecider } from '../../src/domain/item-decider.js';
import { deciderSpec } from './decider-spec.js';
import { ITEM, meta, PLAN, PLAN_B, PLAN_C, planRef, recommendationData } from './fixtures.js';

export const spec = deciderSpec(itemDecider);

export const receive = (
  context: { plan: { planId: string; inspectionId: string } | null } = { plan: planRef(PLAN) },
) => ({
  type: 'ReceiveRecommendation' as const,
  data: recommendationData(),
  context,
  metadata: meta('2011-04-01'),
});
export const changeRag = (to: 'RED' | 'AMBER' | 'GREEN', effectiveOn = '2011-05-01') => ({
  type: 'ChangeRag' as const,
  data: { itemId: ITEM, to, reason: 'Progress reviewed' },
  metadata: meta(effectiveOn),
});
export const postUpdate = (effectiveOn = '2011-05-01') => ({
  type: 'PostUpdate' as const,
  data: { itemId: ITEM, text: 'Evidence sent to HMIC' },
  metadata: meta(effectiveOn),
});
export const markComplete = (effectiveOn = '2011-05-01') => ({
  type: 'MarkComplete' as const,
  data: { itemId: ITEM, evidence: 'Audit shows 98% compliance' },
  metadata: meta(effectiveOn),
});
export const markNotApplicable = () => ({
  type: 'MarkNotApplicable' as const,
  data: { itemId: ITEM, reason: 'To be progressed by the Home Office' },
  metadata: meta(),
});
export const reopen = () => ({
  type: 'Reopen' as const,
  data: { itemId: ITEM, reason: 'HMIC revisit found gaps' },
  metadata: meta(),
});
export const changeDueDate = (
  dueDate: string | null,
  escalated = false,
  reason = 'Escalated by the PRG',
) => ({
  type: 'ChangeDueDate' as const,
  data: { itemId: ITEM, listingPlanId: null, dueDate, timescale: null, reason, escalated },
  metadata: meta(),
});
export const transfer = (toPlanId: string, toPlan: { planId: string; inspectionId: string } | null) => ({
  type: 'TransferToPlan' as const,
  data: { itemId: ITEM, toPlanId, note: 'Transferred from Protective Services' },
  context: { toPlan },
  metadata: meta(),
});
export const allocate = (
  withPlanIds: string[],
  leadPlanId: string,
  plans = [planRef(PLAN_B), planRef(PLAN_C)],
) => ({
  type: 'AllocateJointly' as const,
  data: { itemId: ITEM, withPlanIds, leadPlanId },
  context: { plans },
  metadata: meta(),
});
