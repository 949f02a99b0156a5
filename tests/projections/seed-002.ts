import { ids, LogBuilder, ulid } from './factories.js';

/**
 * The rows of the 27 April 2011 board paper (/work/shared/seeds/002_*.txt) as events: six
 * portfolio plans, the RAG each row shows, R.2 and AFI.10 transferred from Protective Services
 * to Territorial Policing, AFI.20 moved to Finance & Corporate Services (2.5.1) with no RAG, AFI.22
 * held by F&CS and jointly allocated to Operations and Territorial Policing, which answers for it.
 * HR's row is labelled "AFI.25" in the paper but is a different AFI (female representation):
 * it gets its own item here.
 */
export const plans = {
  tp: ids.tp,
  ps: ids.ps,
  ops: ids.ops,
  fcs: ids.fcs,
  hr: ulid(15),
  dcc: ulid(16),
};

type Rag = 'RED' | 'AMBER' | 'GREEN';
type Row = [ref: string, plan: keyof typeof plans, outcome: Rag | 'COMPLETE' | 'N/A' | null];

export const rows: Row[] = [
  ['R.1', 'tp', 'AMBER'],
  ['R.2', 'ps', 'GREEN'], // transferred to TP below
  ['R.5', 'tp', 'AMBER'],
  ['AFI.1 (R.1)', 'tp', 'AMBER'],
  ['AFI.2 (R.1)', 'tp', 'GREEN'],
  ['AFI.3 (R.1)', 'tp', 'GREEN'],
  ['AFI.4 (R.1)', 'tp', 'AMBER'],
  ['AFI.5 (R.1)', 'tp', 'GREEN'],
  ['AFI.6 (R.1)', 'tp', 'GREEN'],
  ['AFI.7 (R.1)', 'tp', 'GREEN'],
  ['AFI.8 (R.1)', 'tp', 'GREEN'],
  ['AFI.10 (R.2)', 'ps', 'AMBER'], // transferred to TP below
  ['AFI.11 (R.2)', 'tp', 'AMBER'],
  ['AFI.13 (R.2)', 'tp', 'AMBER'],
  ['AFI.14 (R.2)', 'tp', 'AMBER'],
  ['AFI.22 (R.4)', 'fcs', 'AMBER'], // jointly allocated, TP answers
  ['AFI.23 (R.5)', 'tp', 'AMBER'],
  ['AFI.25 (R.5)', 'tp', 'GREEN'],
  ['AFI.27 (R.5)', 'tp', 'AMBER'],
  ['R.3', 'ps', 'AMBER'],
  ['AFI.12 (R.2)', 'ps', 'AMBER'],
  ['AFI.15 (R.3)', 'ps', 'GREEN'],
  ['AFI.16', 'ps', 'N/A'],
  ['AFI.17', 'ps', 'GREEN'],
  ['AFI.18', 'ps', 'COMPLETE'],
  ['AFI.19', 'ps', 'GREEN'],
  ['AFI.20 (R.4)', 'ps', null], // moved to F&CS below, never rated
  ['R.4', 'fcs', 'AMBER'],
  ['AFI.9 (R.1)', 'fcs', 'AMBER'],
  ['AFI.21 (R.4)', 'fcs', 'AMBER'],
  ['AFI.25 (HR)', 'hr', 'RED'],
  ['AFI.26 (R.5)', 'dcc', 'COMPLETE'],
];

export const itemIdOf = (ref: string): string => ulid(200 + rows.findIndex((r) => r[0] === ref));

/** Builds the paper's ledger; every fact is effective by 7 April 2011 (the paper is of 27 April). */
export function seed002(log = new LogBuilder()) {
  const inspectionId = ids.inspection;
  log.inspection(inspectionId, { on: '2011-02-23' });
  const names = {
    tp: 'Territorial Policing',
    ps: 'Protective Services',
    ops: 'Operations',
    fcs: 'Finance & Corporate Services',
    hr: 'Human Resources',
    dcc: 'Deputy Chief Constable',
  };
  for (const key of ['tp', 'ps', 'ops', 'fcs', 'hr', 'dcc'] as const) {
    log.plan(plans[key], inspectionId, names[key], { on: '2011-03-16' });
  }
  const ragEvents = new Map<string, ReturnType<LogBuilder['rag']>>();
  for (const [ref, plan, outcome] of rows) {
    const itemId = itemIdOf(ref);
    const kind = ref.startsWith('R.') ? 'recommendation' : 'area-for-improvement';
    log.received(
      { itemId, inspectionId, planId: plans[plan], ref, dueDate: '2011-06-30' },
      { on: '2011-02-23' },
      kind,
    );
    if (outcome === 'COMPLETE') {
      log.rag(itemId, 'GREEN', { on: '2011-03-20' });
      log.complete(itemId, { on: '2011-04-05' });
    } else if (outcome === 'N/A') log.notApplicable(itemId, { on: '2011-04-01' });
    else if (outcome) ragEvents.set(ref, log.rag(itemId, outcome, { on: '2011-04-07' }));
  }
  log.transfer(itemIdOf('R.2'), plans.ps, plans.tp, { on: '2011-03-08' });
  log.transfer(itemIdOf('AFI.10 (R.2)'), plans.ps, plans.tp, { on: '2011-03-24' });
  log.transfer(itemIdOf('AFI.20 (R.4)'), plans.ps, plans.fcs, { on: '2011-03-24' });
  log.joint(itemIdOf('AFI.22 (R.4)'), [plans.ops, plans.tp], plans.tp, { on: '2011-04-06' });
  return { log, ragEvents };
}
