import { describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generator-csv.js';
import { LedgerCommandInput } from '../../src/domain/ledger-commands.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { decidePlan } from '../../src/import/record/decide-plan.js';
import { planImport } from '../../src/import/record/import-plan.js';
import type { ImportPlan, PlannedCommand } from '../../src/import/record/planned-command.js';
import { PlannedCommandCheck } from '../../src/import/record/planned-command-check.js';
import { importer } from './import-fixtures.js';

/**
 * The importer validates each planned command with a check compiled from the command schemas
 * and decides the command itself when the check accepts it. These hold that whatever it
 * accepts is exactly what `LedgerCommandInput`'s parse returns (values and key order), and
 * that it leaves to the parse everything the parse would change or refuse.
 */

const csv = generateCsv(300, 'command-check');
const planOf = async (): Promise<ImportPlan> =>
  planImport((await readDocumentBytesTraced(new TextEncoder().encode(csv), 'commands.csv')).document, {
    today: '2026-01-01',
  });
const commandsOf = (plan: ImportPlan): PlannedCommand[] => plan.streams.flatMap((s) => s.commands);

/** A ReceiveRecommendation as the planner writes it, for the refusals below. */
async function receive(): Promise<{ type: string; data: Record<string, unknown> }> {
  const planned = commandsOf(await planOf()).find((c) => c.command.type === 'ReceiveRecommendation');
  if (!planned) throw new Error('the generated plan receives no recommendation');
  return structuredClone(planned.command) as { type: string; data: Record<string, unknown> };
}

describe('the compiled check of planned commands', () => {
  it('given every command of a generated plan, when checked, then each is accepted and is exactly what the parse returns, keys in the same order', async () => {
    const check = new PlannedCommandCheck();
    const commands = commandsOf(await planOf());
    expect(commands.length).toBeGreaterThan(1000);
    for (const planned of commands) {
      const accepted = check.command(planned.command);
      const parsed = LedgerCommandInput.parse(planned.command);
      expect(JSON.stringify(accepted)).toBe(JSON.stringify(parsed));
      if (planned.effectiveOn !== null) expect(check.date(planned.effectiveOn)).toBe(true);
    }
    expect(check.delegated).toBe(0);
  });

  it('given a command the parse would rewrite or refuse, when checked, then it is left to the parse (null)', async () => {
    const base = await receive();
    const variants: [string, unknown][] = [
      ['a text the parse trims', { ...base, data: { ...base.data, text: `${String(base.data.text)} ` } }],
      ['an unknown field', { ...base, data: { ...base.data, colour: 'red' } }],
      ['a missing field', { ...base, data: { ...base.data, section: undefined } }],
      ['a malformed id', { ...base, data: { ...base.data, planId: 'not-an-id' } }],
      ['a number for a text', { ...base, data: { ...base.data, ref: 7 } }],
      ['an unknown kind', { ...base, data: { ...base.data, kind: 'wish' } }],
      ['fields out of the schema order', { ...base, data: { planId: base.data.planId, ...base.data } }],
      ['data before type', { data: base.data, type: base.type }],
      ['a field beside type and data', { ...base, extra: true }],
      ['an unknown command', { ...base, type: 'Teleport' }],
      ['no object at all', 'ReceiveRecommendation'],
    ];
    for (const [what, command] of variants) {
      const check = new PlannedCommandCheck();
      expect(check.command(command), what).toBeNull();
      expect(check.delegated, what).toBe(1);
    }
  });

  it('given dates, when checked, then only a business date the schema leaves unchanged is accepted', () => {
    const check = new PlannedCommandCheck();
    expect(check.date('2011-06-30')).toBe(true);
    expect(check.date('2011-06-30')).toBe(true);
    for (const bad of ['2011-02-30', '30/06/2011', '2011-6-30', '', null, 20110630])
      expect(check.date(bad), String(bad)).toBe(false);
  });

  it('given a planned command with a blank text, when the plan is decided, then the row is refused naming the field, as the parse words it', async () => {
    const plan = await planOf();
    let line: number | null = null;
    const streams = plan.streams.map((s) => ({
      ...s,
      commands: s.commands.map((c) => {
        if (c.command.type !== 'ReceiveRecommendation' || line !== null) return c;
        line = c.line;
        return { ...c, command: { ...c.command, data: { ...c.command.data, text: '   ' } } };
      }),
    }));
    const decided = decidePlan({ ...plan, streams }, new Map(), {
      actor: importer(),
      correlationId: 'import:command-check',
    });
    expect(decided.failures.map((f) => [f.line, f.command, f.rule])).toEqual([
      [line, 'ReceiveRecommendation', 'validation'],
    ]);
    expect(decided.failures[0]?.message).toMatch(/text/i);
  });
});
