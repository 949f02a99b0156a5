import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from '../../src/import/read/read-document.js';
import { decidePlan } from '../../src/import/record/decide-plan.js';
import { planImport } from '../../src/import/record/import-plan.js';
import { runImport } from '../../src/import/record/run-import.js';
import { seedText } from './helpers.js';
import { countTypes, importer, tempLedger } from './import-fixtures.js';

/** Seed 004 with its first plan header's "Improvement Plan Owner:" left blank (line 9). */
const blankOwner = () =>
  seedText('004').replace(
    '**Improvement Plan Owner: Head of Professional Standards Department**\n',
    '**Improvement Plan Owner:**\n',
  );

describe('header fields a plan can do without', () => {
  it('given a blank Improvement Plan Owner, then the plan imports fully, without one, with a note naming the field', async () => {
    const text = blankOwner();
    expect(text).toContain('**Improvement Plan Owner:**\n');
    const ledger = await tempLedger();
    try {
      const { document } = parseDocumentText(text, 'seed-text', {
        source: path.join('/tmp', 'blank-owner.txt'),
      });
      const { report } = await runImport(ledger.store, document, { actor: importer() });
      expect(report.failures).toEqual([]);
      expect(report.status).toBe('imported');
      // The same events, by type, as the seed itself: nothing lost.
      const original = await tempLedger();
      try {
        const { document: seed } = parseDocumentText(seedText('004'), 'seed-text', { source: '004.txt' });
        await runImport(original.store, seed, { actor: importer() });
        expect(await countTypes(ledger.store)).toEqual(await countTypes(original.store));
      } finally {
        await original.close();
      }
      const opened = (await ledger.store.readAll()).filter((e) => e.type === 'PlanOpened');
      expect(opened.map((e) => (e.data as { planOwner: string | null }).planOwner)).toEqual([
        null,
        'Head of Professional Standards Department',
      ]);
      expect(report.notes.some((n) => /Improvement Plan Owner is blank/.test(n.reason))).toBe(true);
      // The reader's warning points at the header line itself (line 9), in the paper's words.
      expect(document.warnings.filter((w) => /is blank; expected a name/.test(w.reason))).toEqual([
        {
          line: 9,
          reason:
            'line 9: "Improvement Plan Owner:" is blank; expected a name or title after it. The plan is imported without one: fill it in and import again to record it',
        },
      ]);
      // Provenance names the file, never its folder.
      expect(opened[0]?.provenance?.fileName).toBe('blank-owner.txt');
    } finally {
      await ledger.close();
    }
  });

  it('given a refused plan, then one root error, not a cascade of "does not exist" for its items', () => {
    const { document } = parseDocumentText(seedText('004'), 'seed-text', { source: '004.txt' });
    const plan = planImport(document, { today: '2026-12-01' });
    // The first plan's opening made invalid (an empty portfolio), as a malformed header would.
    let broken = false;
    const streams = plan.streams.map((s) => ({
      ...s,
      commands: s.commands.map((c) => {
        if (c.command.type !== 'OpenPlan' || broken) return c;
        broken = true;
        return { ...c, command: { ...c.command, data: { ...c.command.data, portfolio: '' } } };
      }),
    }));
    const decided = decidePlan({ ...plan, streams }, new Map(), {
      actor: importer(),
      correlationId: 'import:test',
    });
    expect(decided.failures.map((f) => [f.line, f.command, f.rule])).toEqual([
      [12, 'OpenPlan', 'validation'],
    ]);
    // Its 14 items (each received, answered, rated …) depend on it: counted, not listed.
    expect(decided.failures[0]?.message).toMatch(
      /\(\d{2,} later facts of this file depend on this and were not tried\)$/,
    );
    // In words: the line, the plan, what could not be done and why; the rule only in `rule`.
    expect(decided.failures[0]?.message).toMatch(
      /^004\.txt, line 12, the [^:]+ plan: the plan could not be opened: the portfolio name is blank\. Nothing from 004\.txt was imported: correct line 12 of the file/,
    );
  });
});
