import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';

/**
 * The dashboard by keyboard alone, and the RAG chart over a ledger fifteen years long, in one
 * real browser: Tab reaches every control a board secretary uses, the slider moves with the arrow
 * keys, and the chart picks a step that keeps every bar visible and says which step it is.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** The chart's promise (docs/architecture.md, Web dashboard): at most sixty bars. */
const BAR_CAP = 60;

interface ItemRow {
  itemId: string;
  status: string;
  rag: string | null;
}

describe.skipIf(!hasChromium)('dashboard: keyboard and the long chart', () => {
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;

  const rendered = () => page.locator('#main').getAttribute('data-rendered');
  const afterRender = async (action: () => Promise<unknown>) => {
    const before = await rendered();
    await action();
    await expect.poll(rendered, { timeout: 10_000 }).not.toBe(before);
    await expect.poll(() => page.locator('#main').getAttribute('aria-busy')).toBeNull();
  };
  /** What has focus: its id, or for a download button its export and format. */
  const focused = () =>
    page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const downloads = el.closest('.downloads');
      if (downloads && el.dataset.format) return 'download:' + downloads.dataset.export + ':' + el.dataset.format;
      return el.id;
    })()`) as Promise<string>;

  beforeAll(async () => {
    // The 002 paper's plans opened in 2010; the re-rating below is dated today.
    server = await startDashboardServer({ papers: [path.join(SEEDS_DIR, SEED_FILES['002'])] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(`${server.baseUrl}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('when the reader presses Tab from the top, then the inspection selector, filters, search, sort, slider and download buttons each receive focus', async () => {
    await page.fill('#api-key', server.viewerKey);
    await afterRender(() => page.click('#key-form button[type=submit]'));
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    for (const id of [
      'board-slider',
      'find-inspection',
      'find-portfolio',
      'find-text',
      'find-sort',
      'find-due',
      'download:board-summary:csv',
      'download:board-summary:xlsx',
      'download:board-summary:json',
      'download:snapshot:csv',
      'download:snapshot:xlsx',
      'download:snapshot:json',
    ]) {
      expect(seen, `${id} never had focus`).toContain(id);
    }
    // Reading order: the filters before the downloads they apply to.
    expect(seen.indexOf('find-inspection')).toBeLessThan(seen.indexOf('download:board-summary:csv'));
  });

  it('given the slider has focus, when the arrow keys are pressed, then it moves stop by stop and the view follows', async () => {
    const slider = page.locator('#board-slider');
    await slider.focus();
    const start = Number(await slider.inputValue());
    const max = Number(await slider.getAttribute('max'));
    expect(max).toBeGreaterThan(0);
    const back = start > 0 ? 'ArrowLeft' : 'ArrowRight';
    const there = start > 0 ? 'ArrowRight' : 'ArrowLeft';
    const before = await slider.getAttribute('aria-valuetext');
    await afterRender(() => page.keyboard.press(back));
    expect(Number(await slider.inputValue())).toBe(start + (back === 'ArrowLeft' ? -1 : 1));
    expect(await slider.getAttribute('aria-valuetext')).not.toBe(before);
    expect(await page.locator('#showing').textContent()).toContain(
      (await slider.getAttribute('aria-valuetext')) ?? '',
    );
    await afterRender(() => page.keyboard.press(there));
    expect(Number(await slider.inputValue())).toBe(start);
    expect(await slider.getAttribute('aria-valuetext')).toBe(before);
  });

  it('given facts spread over fifteen years, then the chart has at most the cap of bars, each at least 2 px wide, and names its step', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const snapshot = (await (
      await fetch(`${server.baseUrl}/snapshot`, { headers: { authorization: `Bearer ${server.viewerKey}` } })
    ).json()) as { plans: { items: { item: ItemRow }[] }[] };
    const item = snapshot.plans
      .flatMap((p) => p.items.map((i) => i.item))
      .find((i) => i.status === 'open' && i.rag !== 'GREEN');
    expect(item).toBeDefined();
    const res = await fetch(`${server.baseUrl}/items/${item?.itemId}/rag`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.managerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'GREEN',
        reason: 'Fifteen years on, the work is on track',
        effectiveOn: today,
      }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    // "What we now know" at today: the chart runs from the first plan (2010) to today.
    await page.waitForTimeout(2_000); // the live event's re-render, so the next one is ours
    await afterRender(() => page.click('#back-to-today'));
    expect(await page.locator('#board-slider').getAttribute('aria-valuetext')).toContain('Today');

    const bars = await page.locator('#rag-chart g.bar').evaluateAll((gs) =>
      gs.map((g) => ({
        date: g.getAttribute('data-date') ?? '',
        widths: [...g.querySelectorAll('rect')].map((r) => r.getBoundingClientRect().width),
      })),
    );
    const first = bars[0]?.date ?? '';
    const last = bars[bars.length - 1]?.date ?? '';
    expect(Date.parse(last) - Date.parse(first)).toBeGreaterThanOrEqual(15 * 365 * 86_400_000);
    expect(last).toBe(today);
    expect(bars.length).toBeGreaterThan(1);
    expect(bars.length).toBeLessThanOrEqual(BAR_CAP);
    const widths = bars.flatMap((b) => b.widths);
    expect(widths.length).toBeGreaterThanOrEqual(bars.length);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(2);

    const note = page.locator('#rag-chart-step');
    const step = await note.getAttribute('data-step');
    expect(['quarter', 'year']).toContain(step);
    expect(await note.textContent()).toContain(`One bar per ${step}`);
    expect(await note.textContent()).toContain(`(${bars.length} bars)`);
    // The last bar carries today's re-rating: the fact at the far end of the span is drawn.
    const lastGreen = await page
      .locator(`#rag-chart g.bar[data-date="${today}"] rect.s-green title`)
      .textContent();
    expect(lastGreen).toMatch(/Green \d+/);
  });
});

if (!hasChromium) {
  describe('dashboard: keyboard and the long chart', () => {
    it.skip(`skipped: ${CHROMIUM} is absent (install it with apt-get install chromium; CI does)`, () => {});
  });
}
