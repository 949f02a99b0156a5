import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => out.push(t) } };
}

describe('progress', () => {
  it('draws a redrawn bar on a terminal, ending with a newline', () => {
    const { out, stream } = sink(true);
    let now = 0;
    const p = startProgress({ label: 'events', total: 200, stream, now: () => now });
    p.update(50);
    now += 1000;
    p.update(100);
    p.finish();
    expect(out[0]).toMatch(/^\r\[#{8}\.{22}\] 50\/200 events \(25%\)/);
    expect(out.at(-1)).toMatch(/\[#{15}\.{15}\] 100\/200 events \(50%\).*\n$/);
  });

  it('prints periodic plain lines when stderr is not a terminal', () => {
    const { out, stream } = sink(false);
    let now = 0;
    const p = startProgress({ label: 'rows', total: null, stream, now: () => now, lineIntervalMs: 2000 });
    p.tick(10);
    now += 500;
    p.tick(10); // too soon: no line
    now += 2000;
    p.tick(10);
    p.finish('done');
    expect(out).toEqual(['10 rows\n', '30 rows\n', '30 rows\n', 'done\n']);
    expect(out.join('')).not.toContain('\r');
  });

  it('draws the bar off a terminal with --progress, and nothing with --quiet', () => {
    const forced = sink(false);
    startProgress({ label: 'e', total: 1, stream: forced.stream, force: true }).finish();
    expect(forced.out.join('')).toContain('\r[');
    const quiet = sink(true);
    const p = startProgress({ label: 'e', total: 1, stream: quiet.stream, quiet: true });
    p.tick();
    p.finish('x');
    expect(quiet.out).toEqual([]);
  });

  it('given a count of one, then it says "1/1 line", never "1 lines"', () => {
    const counted = sink(false);
    const p = startProgress({
      label: 'lines of a.txt read',
      one: 'line of a.txt read',
      total: 1,
      stream: counted.stream,
    });
    p.update(1);
    p.finish();
    expect(counted.out.join('')).toContain('1/1 line of a.txt read (100%)\n');
    const open = sink(false);
    const q = startProgress({
      label: 'ledger records read',
      one: 'ledger record read',
      total: null,
      stream: open.stream,
    });
    q.tick();
    q.finish();
    expect(open.out.join('')).toContain('1 ledger record read\n');
    expect([...counted.out, ...open.out].join('')).not.toMatch(/\b1 (lines|ledger records)\b/);
  });
});
