import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../../projections/as-of-index.js';
import { allPlanSnapshots, type PlanSnapshot } from '../../../projections/current-plans.js';
import { decodeEvent } from '../../../src/domain/ledger-event.js';
import { readDocument } from '../../../src/import/read/read-document.js';
import { runImport } from '../../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, seedText } from '../helpers.js';
import { importer, tempLedger } from '../import-fixtures.js';
import { clean, day, flat, sourceCells } from './support.js';

/**
 * Seed 002, every listing of every item against its source row, as the plan it is printed in shows
 * it. Read from the file by hand: six plans, each opened by "SCT Portfolio Holder:" and
 * "Improvement Plan Owner: <name>" (lines 106–231); rows `Ref | text | Due Date | Action Owner |
 * Management Response | Date of update | RAG Status`, refs "R.n" or "AFI.n (R.m)". R.2 and AFI.10
 * are listed in TP and (moved away) PS; AFI.22 in TP (with the RAG), Operations and F&CS; "AFI.25"
 * is printed in TP and HR for two findings. The paper is dated 27 April 2011: what a row does not
 * date is as of then.
 */
const PAPER_DATE = '2011-04-27';
const lines = seedText('002').split('\n');
const ROW = /^(R|AFI)\.\d+\b/;

/** The plan owner of the header block above each line (the plan's name-independent key). */
function planOwnerAt(line: number): string {
  for (let n = line - 1; n > 0; n--) {
    const m = /^Improvement Plan Owner:\s*(.+)$/.exec(lines[n - 1] ?? '');
    if (m?.[1]) return m[1].trim();
  }
  return '';
}

const ROWS = lines.flatMap((text, i) => (i + 1 > 100 && ROW.test(text) ? [i + 1] : []));
/** The inspectorate's wording without the plan's notes in (nested) parentheses. */
function noNotes(text: string): string {
  let out = clean(text);
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return clean(out).replace(/\s+\./g, '.').replace(/\.+/g, '.');
}

function row(line: number) {
  const [refCell = '', text = '', due = '', owner = '', response = '', dated = '', rag = ''] = sourceCells(
    '002',
    line,
  );
  const m = /^(\S+)(?: \((R\.\d+)\))?$/.exec(refCell);
  return { line, ref: m?.[1] ?? refCell, parentRef: m?.[2] ?? null, text, due, owner, response, dated, rag };
}
type Row = ReturnType<typeof row>;

/** The rows of one finding: same printed ref and wording (AFI.25's two findings stay apart). */
const sameFinding = (a: Row, b: Row) => a.ref === b.ref && noNotes(a.text) === noNotes(b.text);
const movedAway = (r: Row) =>
  /has moved to|is contained within .* Improvement Plan/i.test(r.response) && r.rag === '';

function expectedAt(line: number) {
  const r = row(line);
  const all = ROWS.map(row).filter((o) => sameFinding(o, r));
  const rated = all.find((o) => ['GREEN', 'AMBER', 'RED', 'COMPLETE', 'N/A'].includes(o.rag)) ?? r;
  const shared = all.length > 1 && !all.some(movedAway) ? (r.rag === '' ? 'shared' : 'lead') : null;
  const closedOn = ['COMPLETE', 'N/A'].includes(rated.rag) ? (day(rated.dated) ?? PAPER_DATE) : null;
  const facts = {
    ref: r.ref,
    parentRef: r.parentRef,
    kind: r.ref.startsWith('R.') ? 'recommendation' : 'area-for-improvement',
    text: noNotes(r.text),
    role: movedAway(r) ? 'transferred-out' : (shared ?? 'lead'),
    rag: ['GREEN', 'AMBER', 'RED'].includes(rated.rag) ? rated.rag : null,
    status: rated.rag === 'COMPLETE' ? 'complete' : rated.rag === 'N/A' ? 'not-applicable' : 'open',
    closedOn,
  };
  // A listing the item moved away from shows the item as it now stands, in its new plan.
  if (facts.role === 'transferred-out') return facts;
  return {
    ...facts,
    dueDate: day(r.due),
    actionOwner: r.owner === '' || r.owner === 'N/A' ? null : r.owner,
    response: clean(r.response),
    latest: { on: day(r.dated) ?? PAPER_DATE, text: clean(r.response) },
  };
}

describe('seed 002 fidelity: every listing of every item, field by field, in the plan that prints it', () => {
  let plans: PlanSnapshot[];
  beforeAll(async () => {
    const ledger = await tempLedger();
    try {
      const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['002']));
      const outcome = await runImport(ledger.store, document, { actor: importer() });
      expect(outcome.report.status).toBe('imported');
      const index = new AsOfIndex();
      for (const r of await ledger.store.readAll()) index.apply(decodeEvent(r));
      plans = allPlanSnapshots(index, { asOf: '2099-12-31', knownAt: '2099-12-31T23:59:59.999Z' });
    } finally {
      await ledger.close();
    }
  });

  function actualAt(line: number) {
    const r = row(line);
    const plan = plans.find((p) => p.plan?.planOwner === planOwnerAt(line));
    const entry = plan?.items.find((i) => i.item.ref === r.ref && noNotes(i.item.text) === noNotes(r.text));
    if (!entry) return undefined;
    const { item } = entry;
    const facts = {
      ref: item.ref,
      parentRef: item.parentRef,
      kind: item.kind,
      text: noNotes(item.text),
      role: entry.role,
      rag: item.rag,
      status: item.status,
      closedOn: item.closedOn,
    };
    if (entry.role === 'transferred-out') return facts;
    return {
      ...facts,
      dueDate: item.dueDate,
      actionOwner: item.actionOwner,
      response: flat(item.initialResponse),
      latest: item.latestUpdate && { on: item.latestUpdate.effectiveOn, text: clean(item.latestUpdate.text) },
    };
  }

  it('given the file, then its 36 rows are 36 listings of 32 items in six plans', () => {
    expect(ROWS).toHaveLength(36);
    expect(plans.filter((p) => p.plan !== null)).toHaveLength(6);
    const itemIds = new Set(plans.flatMap((p) => p.items.map((i) => i.item.itemId)));
    expect(itemIds.size).toBe(32);
  });

  it.each(ROWS)('line %i: every field as the row says, in its own plan', (line) => {
    expect(actualAt(line)).toEqual(expectedAt(line));
  });

  it('given "AFI.25" printed in TP and HR for two findings, then both show "AFI.25"; only the unique ref tells them apart', () => {
    const listed = plans.flatMap((p) =>
      p.items.filter((i) => i.item.ref === 'AFI.25').map((i) => i.item.uniqueRef),
    );
    expect(listed.sort()).toEqual(['AFI.25', 'AFI.25 (Human Resources)']);
  });
});
