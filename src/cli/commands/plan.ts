import { parseArgs } from 'node:util';
import { GetPlanResult, ListPlansResult } from '../../../projections/runtime/queries.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT } from '../exit-codes.js';
import { expectShape, getJson, SERVER_USAGE, serverOptions, serverTarget } from '../http-client.js';
import { REPORTED_ON_USAGE, reportedOnOption, reportLine } from '../report-line.js';
import { renderTable } from '../table.js';

const usage = `ledger plan: a plan and its items, at any point in time

Usage: ledger plan [<planId>] [--as-of YYYY-MM-DD] [--known-at <date or instant>] [--reported-on D] [--json]

  <planId>             the plan to show; without it, every plan with its item counts
  --as-of <date>       business date: the plan as it stood on that day (default today)
  --known-at <when>    record time: only what the ledger knew by then (default now);
                       (what we now know was true then: --as-of alone)
${REPORTED_ON_USAGE}
${SERVER_USAGE}`;

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'show a plan (or all plans) as a table, at --as-of / --known-at',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        ...serverOptions,
        ...reportedOnOption,
        'as-of': { type: 'string' },
        'known-at': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const target = serverTarget(values, io.env);
    const time = { asOf: values['as-of'], knownAt: values['known-at'], reportedOn: values['reported-on'] };
    const [planId] = positionals;
    if (planId === undefined) {
      const body = await getJson(target, '/plans', time);
      if (values.json) return print(io, body);
      const list = expectShape(ListPlansResult, body, 'plans');
      io.stdout.write(`${reportLine(list.report)}Plans as of ${list.asOf}, known at ${list.knownAt}\n\n`);
      io.stdout.write(
        `${renderTable(
          ['plan id', 'portfolio', 'owner', 'items', 'shared', 'transferred out'],
          list.plans.map((p) => [
            p.planId,
            p.plan?.portfolio ?? null,
            p.plan?.planOwner ?? null,
            p.lead,
            p.shared,
            p.transferredOut,
          ]),
        )}\n`,
      );
      return EXIT.ok;
    }
    const body = await getJson(target, `/plans/${encodeURIComponent(planId)}`, time).catch(
      (error: unknown) => {
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
      },
    );
    if (values.json) return print(io, body);
    const plan = expectShape(GetPlanResult, body, 'plan');
    io.stdout.write(reportLine(plan.report));
    io.stdout.write(
      `${plan.plan?.portfolio ?? '(not opened yet)'}  plan ${plan.planId}\nowner: ${plan.plan?.planOwner ?? '-'}  portfolio owner: ${plan.plan?.portfolioOwner ?? '-'}\nas of ${plan.asOf}, known at ${plan.knownAt}\n\n`,
    );
    io.stdout.write(
      `${renderTable(
        ['ref', 'kind', 'RAG', 'status', 'due', 'action owner', 'latest update', 'role'],
        plan.items.map(({ item, role, transferredIn }) => [
          item.ref,
          item.kind,
          item.rag,
          item.status,
          item.dueDate ?? item.timescale,
          item.actionOwner,
          item.latestUpdate ? `${item.latestUpdate.effectiveOn}: ${item.latestUpdate.text}` : null,
          transferredIn ? `${role} (transferred in)` : role,
        ]),
        48,
      )}\n`,
    );
    return EXIT.ok;
  },
};

function print(io: { stdout: { write(t: string): unknown } }, body: unknown) {
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.ok;
}
