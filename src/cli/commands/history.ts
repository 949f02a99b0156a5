import { parseArgs } from 'node:util';
import { GetItemResult, ItemHistoryResult, ListPlansResult } from '../../../projections/runtime/queries.js';
import type { Provenance } from '../../domain/provenance.js';
import type { CliCommand } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { inspectionTitles, resolveInspection, resolveItem } from '../resolve.js';
import { renderTable, wrapText } from '../table.js';
import { knownAtOption } from '../time-options.js';

const usage = `ledger history: the audit trail of one item

Usage: ledger history <ref or item id> [--inspection <title or id>] [--known-at <date or instant>] [--json]

Every event of the item: when it became true (effective), when it was recorded, who recorded it,
and corrections or retractions beside the entry they fix.
  <ref or item id>       the item's ref as the paper prints it (AFI.10, any case), or its id
                         or a unique start of it (ledger plan shows ids)
  --inspection <title>   which inspection, when several have an item with that ref
                         (a title, the start of one, or an id)
  --known-at <when>      only what the ledger knew by then (default now)
${SERVER_USAGE}`;

/** One line of an event's data: ids left out, plan ids as the portfolios they name. */
function summary(data: Record<string, unknown>, portfolios: Map<string, string>): string {
  const plan = (id: unknown) => (typeof id === 'string' ? (portfolios.get(id) ?? id) : String(id));
  const parts: string[] = [];
  if ('fromPlanId' in data || 'toPlanId' in data) {
    parts.push(`from ${plan(data.fromPlanId)} to ${plan(data.toPlanId)}`);
  }
  if (Array.isArray(data.withPlanIds)) parts.push(`shared with ${data.withPlanIds.map(plan).join(', ')}`);
  if ('leadPlanId' in data) parts.push(`led by ${plan(data.leadPlanId)}`);
  for (const [k, v] of Object.entries(data)) {
    if (k.endsWith('Id') || k.endsWith('Ids') || v === null) continue;
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join(' ');
}

/** What an imputed date was taken from, in the reader's words (as the dashboard says it). */
const DATE_FROM: Record<Provenance['dateFrom'], string> = {
  stated: 'the date written in the paper',
  'date-of-update': "the row's Date of Update",
  'first-update': "the row's first dated update",
  'latest-update': "the row's latest dated update",
  'paper-date': "the paper's own date",
  'stated-month': 'the month the paper states (its last day)',
  'document-start': 'the earliest date in the document',
  'import-day': 'the day it was imported',
};

/** "from 002.txt, line 111, column 5; date imputed from …": where an imported entry came from. */
function source(p: Provenance | null): string | null {
  if (p === null) return null;
  const where = [
    p.fileName,
    p.sheet && `sheet ${p.sheet}`,
    p.line && `line ${p.line}`,
    p.column && `column ${p.column.number}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `from ${where}${p.dateStated ? '' : `; date imputed from ${DATE_FROM[p.dateFrom]}`}`;
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: "show an item's audit trail (by ref, e.g. AFI.10, or id)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { ...serverOptions, 'known-at': { type: 'string' }, inspection: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [text] = positionals;
    if (text === undefined)
      throw usageError('history needs an item: ledger history AFI.10 [--inspection "<title>"].');
    const knownAt = knownAtOption(values['known-at']);
    const target = serverTarget(values, io.env);
    const inspectionId = values.inspection ? await resolveInspection(target, values.inspection) : undefined;
    const found = await resolveItem(target, text, inspectionId);
    const body = await getJson(target, `/items/${found.itemId}/history`, { knownAt });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    const history = expectShape(ItemHistoryResult, body, 'history');
    const plans = expectShape(ListPlansResult, await getJson(target, '/plans'), 'plans');
    const portfolios = new Map(plans.plans.map((p) => [p.planId, p.plan?.portfolio ?? p.planId]));
    const titles = await inspectionTitles(target);
    // The item as known then (its plan after any transfer); unknown then, the plan it is in now.
    const item = await getJson(target, `/items/${found.itemId}`, { knownAt }).then(
      (b) => expectShape(GetItemResult, b, 'item').item,
      () => null,
    );
    const planId = item?.planId ?? found.planId;
    io.stdout.write(
      `${found.ref} · ${portfolios.get(planId) ?? planId} · ${titles.get(found.inspectionId) ?? found.inspectionId}\n` +
        `item ${history.itemId}, as known at ${history.knownAt}\n${item ? `${wrapText(item.text.replace(/\s+/g, ' ').trim(), 100).join('\n')}\n` : ''}\n`,
    );
    io.stdout.write(
      `${renderTable(
        ['rev', 'effective', 'recorded', 'type', 'by', 'what', 'note'],
        history.entries.map((e) => [
          e.revision,
          e.effectiveOn,
          e.recordedAt,
          e.type,
          // The readable name (the key's, or the operator and file of an import), not only an id.
          e.by,
          summary(e.data, portfolios),
          [
            e.retracted ? 'RETRACTED' : null,
            ...e.fixes.map(
              (f) => `${f.type === 'EntryRetracted' ? 'retracted' : 'corrected'} by ${f.by}: ${f.reason}`,
            ),
            e.originalData ? `first recorded as ${summary(e.originalData, portfolios)}` : null,
            source(e.provenance),
          ]
            .filter(Boolean)
            .join('; ') || null,
        ]),
        56,
        { wrap: true },
      )}\n`,
    );
    return EXIT.ok;
  },
};
