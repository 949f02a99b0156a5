/**
 * The sample ledger `npm start` loads into an empty store: a fictional force's answer to a
 * fictional inspection, written by the team (no seed data), shaped like a real plan: two
 * portfolios, a dozen items, months of dated updates, a transfer, a completion, a board report.
 * Plain data; `load-sample.ts` turns it into commands.
 */

import type { SampleItem } from './sample-item.js';
import { itemsFromR1 } from './sample-items-from-r1.js';
import { itemsFromR2 } from './sample-items-from-r2.js';

export const sampleInspection = {
  title: 'Northshire Constabulary: Police Effectiveness Inspection 2024',
  inspectorate: 'HM Inspectorate of Constabulary (fictional sample)',
  fieldworkFrom: '2024-09-09',
  fieldworkTo: '2024-09-13',
  publishedOn: '2024-12-05',
  source: 'Sample data shipped with Plan Ledger',
  registeredOn: '2024-12-05',
};

export const samplePlans = {
  local: {
    portfolio: 'Local Policing',
    portfolioOwner: 'Assistant Chief Constable, Local Policing',
    planOwner: 'Superintendent, Neighbourhood Policing',
    openedOn: '2024-12-16',
  },
  crime: {
    portfolio: 'Crime and Justice',
    portfolioOwner: 'Assistant Chief Constable, Crime',
    planOwner: 'Detective Chief Superintendent, Crime Standards',
    openedOn: '2024-12-16',
  },
} as const;

export const sampleBoard = { name: 'Northshire Performance Review Board', presentedOn: '2025-04-24' };

/** Every item of the sample, in the paper's order (the order they are loaded in). */
export const sampleItems: SampleItem[] = [...itemsFromR1, ...itemsFromR2];
