import type { Rng } from './rng.js';

/**
 * Wording shaped like the seed board papers (../shared/seeds/): the benchmarks' costs (JSON
 * size, hashing, parsing) depend on realistic text lengths, so updates are a few sentences,
 * not "lorem".
 */

export const PORTFOLIOS: readonly { portfolio: string; owner: string }[] = [
  { portfolio: 'Territorial Policing', owner: 'ACC Territorial Policing' },
  { portfolio: 'Protective Services', owner: 'ACC Protective Services' },
  { portfolio: 'Operations', owner: 'ACC Operations' },
  { portfolio: 'Finance & Corporate Services', owner: 'Director of Finance' },
  { portfolio: 'Human Resources', owner: 'Director of Human Resources' },
  { portfolio: 'Deputy Chief Constable', owner: 'Deputy Chief Constable' },
  { portfolio: 'Professional Standards', owner: 'Head of Professional Standards' },
  { portfolio: 'Crime', owner: 'Detective Chief Superintendent Crime' },
];

export const INSPECTION_TOPICS: readonly string[] = [
  'Anti-Social Behaviour',
  'Police Integrity and Corruption',
  'Core Business: Making Best Use of Police Time',
  'Without Fear or Favour',
  'Crime Data Integrity',
  'Valuing the Police',
  'Stop and Search Powers',
  'Leadership and Culture',
  'Vulnerability',
  'Efficiency and Value for Money',
];

export const SECTIONS: readonly string[] = [
  'Neighbourhood Policing and Anti-social Behaviour',
  'Confidence and satisfaction',
  'Value for money: staffing and costs',
  'Protecting from serious harm',
  'Leadership and governance',
  'Call handling and first contact',
];

const ROLES = ['Superintendent', 'Chief Inspector', 'Inspector', 'Head of', 'Detective Inspector'];
const SURNAMES = [
  'Adams',
  'Baker',
  'Clarke',
  'Davies',
  'Evans',
  'Foster',
  'Green',
  'Hughes',
  'Khan',
  'Lewis',
];
const AREAS = ['London North', 'London South', 'Wales & Western', 'Scotland', 'North Eastern', 'FCR'];

export const TIMESCALES: readonly string[] = [
  'Immediately',
  'Within three months',
  'Within six months',
  'By next inspection',
];

const FINDINGS = [
  'There is no consistent questioning at the first point of contact to identify repeat and vulnerable callers',
  'There is no risk assessment framework in place, which means the level of risk is currently unknown',
  'Where cases are closed on the command and control system there is confusion between categories',
  'Supervisors do not routinely review the quality of investigations',
  'The force should ensure that gifts and hospitality registers are reviewed by senior officers',
  'Neighbourhood teams should be given clear guidance on problem solving plans with partners',
  'The force should review its abstraction policy for neighbourhood officers',
  'Performance data on victim satisfaction is not shared with front-line staff',
];

const ACTIONS = [
  'Training has been provided for staff within the First Contact Centre and Force Control Rooms',
  'A proforma has been added to the command and control system so that call handlers ask whether a caller is a repeat or vulnerable victim',
  'The policy has been reviewed and revised position guidance issued to all staff',
  'Refresher training for supervisors is planned for next month',
  'The workstream reports quarterly to the Integrity and Compliance Board',
  'A dip sample of fifty cases was completed and the findings shared with area commanders',
  'The draft procedure is with the Head of Strategic Development for approval',
  'Progress is monitored monthly by the Performance Review Group',
  'Awaiting the outcome of the national working group before local guidance can be finalised',
  'An audit of compliance was undertaken and a further review is scheduled',
];

export function personName(rng: Rng): string {
  return `${rng.pick(ROLES)} ${rng.pick(SURNAMES)}`;
}

export function areaName(rng: Rng): string {
  return rng.pick(AREAS);
}

/** An inspectorate's finding with its remedy: one or two sentences. */
export function findingText(rng: Rng): string {
  const first = rng.pick(FINDINGS);
  return rng.chance(0.5) ? `${first}. ${rng.pick(FINDINGS)}.` : `${first}.`;
}

/** An initial management response: two or three sentences. */
export function responseText(rng: Rng): string {
  const n = rng.int(2, 3);
  return Array.from({ length: n }, () => `${rng.pick(ACTIONS)}.`).join(' ');
}

/** A progress update: one to four sentences, sometimes naming an area, as in the seeds. */
export function updateText(rng: Rng): string {
  const n = rng.int(1, 4);
  const sentences = Array.from({ length: n }, () => `${rng.pick(ACTIONS)}.`);
  if (rng.chance(0.3)) sentences.push(`${areaName(rng)} have confirmed completion of their local actions.`);
  return sentences.join(' ');
}
