/** One item of the sample ledger (sample-plan.ts) and the dated steps after its response: plain data. */

export interface SampleItem {
  ref: string;
  kind: 'recommendation' | 'area-for-improvement';
  parentRef: string | null;
  portfolio: 'local' | 'crime';
  section: string;
  text: string;
  dueDate: string | null;
  timescale: string | null;
  strategicLead: string;
  actionOwner: string;
  receivedOn: string;
  response: { on: string; text: string };
  /** Dated happenings after the response, in date order. */
  timeline: SampleStep[];
}

export type SampleStep =
  | { on: string; kind: 'update'; text: string }
  | { on: string; kind: 'rag'; to: 'RED' | 'AMBER' | 'GREEN'; reason: string | null }
  | { on: string; kind: 'complete'; evidence: string }
  | { on: string; kind: 'transfer'; to: 'local' | 'crime'; note: string }
  | { on: string; kind: 'due'; dueDate: string; reason: string; escalated: boolean };

/** The strategic lead of each portfolio, as the sample's items name them. */
export const sampleLeads = { local: 'ACC Local Policing', crime: 'ACC Crime' } as const;
