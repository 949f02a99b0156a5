import { parseArgs } from 'node:util';
import { GetPlanResult, ListPlansResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { REPORTED_ON_USAGE, reportedOnOption, reportLine } from '../report-line.js';
import { inspectionTitles, resolveInspection, resolvePlan } from '../resolve.js';
import { renderTable } from '../table.js';
import { timeOptions } from '../time-options.js';

const usage = `ledger plan: a plan and its items, at any point in time

Usage: ledger plan [<portfolio or plan id>] [--inspection <title or id>] [--as-of YYYY-MM-DD] [--known-at <date or instant>]
                 [--reported-on D] [--json]

  <portfolio>            the plan to show, by portfolio name ("Territorial Policing", any case,
                         or its start) or plan id (or a unique start of it); without it, every
                         plan with its id and item counts
  --inspection <title>   only that inspection's plans (a title, the start of one, or an id)
  --as-of <date>         business date: the plan as it stood on that day (default today)
  --known-at <when>      record time: only what the ledger knew by then (default now);
                         (what we now know was true then: --as-of alone)
${REPORTED_ON_USAGE}
${SERVER_USAGE}`;

const RAG_WORDS: Record<string, string> = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'show a plan (by portfolio name or id) or all plans, at --as-of / --known-at',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        ...serverOptions,
        ...reportedOnOption,
        'as-of': { type: 'string' },
        'known-at': { type: 'string' },
        inspection: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const time = timeOptions(values);
    const target = serverTarget(values, io.env);
    const inspectionId = values.inspection ? await resolveInspection(target, values.inspection) : undefined;
    const [text] = positionals;
    if (text === undefined) {
      const body = await getJson(target, '/plans', { ...time, inspectionId });
      if (values.json) return print(io, body);
      const list = expectShape(ListPlansResult, body, 'plans');
      const titles = await inspectionTitles(target);
      io.stdout.write(`${reportLine(list.report)}Plans as of ${list.asOf}, known at ${list.knownAt}\n\n`);
      io.stdout.write(
        `${renderTable(
          ['plan id', 'portfolio', 'inspection', 'owner', 'items', 'shared', 'transferred out'],
          list.plans.map((p) => [
            p.planId,
            p.plan?.portfolio ?? null,
            titles.get(p.plan?.inspectionId ?? '') ?? null,
            p.plan?.planOwner ?? null,
            p.lead,
            p.shared,
            p.transferredOut,
          ]),
          40,
          { wrap: true },
        )}\n`,
      );
      return EXIT.ok;
    }
    const planId = await resolvePlan(target, text, inspectionId);
    const body = await getJson(target, `/plans/${planId}`, time).catch((error: unknown) => {
      // A plan opened later than --as-of (or recorded after --known-at) is "not found" then.
      if (
        error instanceof CliError &&
        error.exitCode === EXIT.notFound &&
        (time.asOf || time.knownAt) &&
        !time.reportedOn
      ) {
        throw new CliError(
          `${error.message}\nIt may not have existed yet at that time: try without --as-of / --known-at.`,
          EXIT.notFound,
        );
      }
      throw error;
    });
    if (values.json) return print(io, body);
    const plan = expectShape(GetPlanResult, body, 'plan');
    const titles = await inspectionTitles(target);
    io.stdout.write(reportLine(plan.report));
    io.stdout.write(
      `${plan.plan?.portfolio ?? '(not opened yet)'} · ${titles.get(plan.plan?.inspectionId ?? '') ?? ''}\nplan ${plan.planId}\nowner: ${plan.plan?.planOwner ?? '-'}  portfolio owner: ${plan.plan?.portfolioOwner ?? '-'}\nas of ${plan.asOf}, known at ${plan.knownAt}\n\n`,
    );
    io.stdout.write(
      `${renderTable(
        ['ref', 'item id', 'kind', 'RAG', 'status', 'due', 'action owner', 'latest update', 'role'],
        plan.items.map(({ item, role, transferredIn }) => [
          item.ref,
          item.itemId,
          item.kind,
          RAG_WORDS[item.rag ?? 'none'] ?? 'not rated',
          item.status,
          item.dueDate ?? item.timescale,
          item.actionOwner,
          item.latestUpdate ? `${item.latestUpdate.effectiveOn}: ${item.latestUpdate.text}` : null,
          transferredIn ? `${role} (transferred in)` : role,
        ]),
        44,
        { wrap: true },
      )}\n`,
    );
    return EXIT.ok;
  },
};

function print(io: { stdout: { write(t: string): unknown } }, body: unknown) {
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.ok;
}
