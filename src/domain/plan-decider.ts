import { NotFoundError, RuleViolation } from '../errors.js';
import { dateInWords } from '../lib/date-words.js';
import {
  decideCorrection,
  emptyJournal,
  type Journal,
  type JournalEntry,
  liveFacts,
  recordInJournal,
} from './correction-decider.js';
import { type Decider, unreachable } from './decider.js';
import type { BusinessDate } from './fields.js';
import type { LedgerEvent, LedgerEventBody } from './ledger-event.js';
import { type ChangePlanOwner, type OpenPlan, PlanCommand } from './plan-commands.js';

/** What a plan's rules (and the context loaders of other aggregates) need to know. */
export interface PlanFacts {
  readonly planId: string;
  readonly inspectionId: string;
  readonly portfolio: string;
  readonly portfolioOwner: string | null;
  readonly planOwner: string | null;
  readonly openedOn: BusinessDate;
}

export interface PlanState {
  readonly journal: Journal;
  /** Null until PlanOpened. */
  readonly plan: PlanFacts | null;
}

export const initialState: PlanState = { journal: emptyJournal, plan: null };

function apply(plan: PlanFacts | null, fact: JournalEntry): PlanFacts | null {
  const body = fact.body;
  if (body.type === 'PlanOpened') return { ...body.data, openedOn: fact.effectiveOn };
  if (body.type !== 'PlanOwnerChanged' || plan === null) return plan;
  const { portfolioOwner, planOwner } = body.data;
  return {
    ...plan,
    portfolioOwner: portfolioOwner === undefined ? plan.portfolioOwner : portfolioOwner,
    planOwner: planOwner === undefined ? plan.planOwner : planOwner,
  };
}

function derive(journal: Journal): PlanState {
  return { journal, plan: liveFacts(journal).reduce(apply, null) };
}

export function evolve(state: PlanState, event: LedgerEvent): PlanState {
  return derive(recordInJournal(state.journal, event));
}

function open(command: OpenPlan, state: PlanState): LedgerEventBody[] {
  if (state.plan) {
    throw new RuleViolation(
      'plan.already_opened',
      `the ${state.plan.portfolio} plan is already open`,
      'data.planId',
      { planId: state.plan.planId },
    );
  }
  if (command.context.inspection?.inspectionId !== command.data.inspectionId) {
    throw new RuleViolation(
      'plan.inspection_not_found',
      `the inspection this plan answers is not in the ledger: register the inspection first`,
      'data.inspectionId',
      { inspectionId: command.data.inspectionId },
    );
  }
  return [{ type: 'PlanOpened', data: command.data }];
}

function changeOwner(
  command: ChangePlanOwner,
  plan: PlanFacts,
  effectiveOn: BusinessDate,
): LedgerEventBody[] {
  if (effectiveOn < plan.openedOn) {
    throw new RuleViolation(
      'plan.effective_before_opened',
      `${dateInWords(effectiveOn)} is before the ${plan.portfolio} plan was opened (${dateInWords(plan.openedOn)})`,
      'metadata.effectiveOn',
      { planId: plan.planId, effectiveOn, openedOn: plan.openedOn },
    );
  }
  const { portfolioOwner, planOwner } = command.data;
  const changesPortfolioOwner = portfolioOwner !== undefined && portfolioOwner !== plan.portfolioOwner;
  const changesPlanOwner = planOwner !== undefined && planOwner !== plan.planOwner;
  if (!changesPortfolioOwner && !changesPlanOwner) {
    throw new RuleViolation(
      'plan.owner_unchanged',
      `the ${plan.portfolio} plan already has these owners`,
      portfolioOwner !== undefined ? 'data.portfolioOwner' : 'data.planOwner',
      { planId: plan.planId },
    );
  }
  return [{ type: 'PlanOwnerChanged', data: command.data }];
}

export function decide(command: PlanCommand, state: PlanState): LedgerEventBody[] {
  if (command.type === 'OpenPlan') return open(command, state);
  const plan = state.plan;
  if (!plan)
    throw new NotFoundError(
      'plan',
      command.type === 'ChangePlanOwner' ? command.data.planId : 'stream',
      'this plan is not in the ledger: open it first',
    );
  switch (command.type) {
    case 'ChangePlanOwner':
      return changeOwner(command, plan, command.metadata.effectiveOn);
    case 'CorrectEntry':
    case 'RetractEntry':
      return decideCorrection(command, state.journal);
    default:
      return unreachable(command);
  }
}

export const planDecider: Decider<PlanCommand, PlanState> = {
  commandSchema: PlanCommand,
  initialState,
  decide,
  evolve,
};
