import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_IDS } from '../../src/sample/load-sample.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';

/**
 * The RAG summary's drill-down in a real browser: the table comes as numbers only, and the items
 * behind a number are asked for a page at a time when it is opened (GET /board-summary/items).
 * The server holds the sample plan, the 002 paper and 55 more Green areas for improvement, so
 * the All portfolios AFI Green number lists two pages.
 */

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('dashboard drill-down, a page at a time', () => {
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  const api = async (url: string) => {
    const res = await fetch(`${server.baseUrl}${url}`, {
      headers: { authorization: `Bearer ${server.viewerKey}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { total: number; items: { ref: string }[] };
  };
  const shownRefs = () => page.locator('#drill-down li a').allTextContents();

  beforeAll(async () => {
    server = await startDashboardServer({ papers: [path.join(SEEDS_DIR, SEED_FILES['002'])] });
    // A long cell: 55 more areas for improvement rated Green in the sample's local plan.
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${server.baseUrl}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.managerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    for (let n = 1; n <= 55; n++) {
      const { id } = await post('/items', {
        inspectionId: SAMPLE_IDS.inspection,
        planId: SAMPLE_IDS.plans.local,
        ref: `AFI.${100 + n}`,
        kind: 'area-for-improvement',
        parentRef: null,
        text: `Area for improvement ${100 + n}`,
        reportReference: null,
        section: null,
        timescale: null,
        dueDate: null,
      });
      await post(`/items/${id}/rag`, { to: 'GREEN' });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('request', (r) => {
      if (r.url().includes('/board-summary')) requested.push(r.url());
    });
    await page.goto(`${server.baseUrl}/`);
    await page.fill('#api-key', server.viewerKey);
    await page.click('#key-form button[type=submit]');
    await page.locator('#rag-summary').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('given the numbers only, when the All portfolios AFI Green number is opened and paged through, then each page is the server’s page and together they are every item once', async () => {
    // The table came without the lists.
    expect(requested.some((u) => u.includes('items=all'))).toBe(false);
    const cell = '/board-summary/items?row=areasForImprovement&column=green&limit=50';
    const first = await api(`${cell}&offset=0`);
    expect(first.total).toBeGreaterThan(50);
    const total = Number(await page.locator('#count-overall-areasForImprovement-green').textContent());
    expect(total).toBe(first.total);

    await page.click('#count-overall-areasForImprovement-green');
    await expect
      .poll(() => page.locator('#drill-range').textContent(), { timeout: 10_000 })
      .toBe(`Items 1–50 of ${first.total}`);
    expect(await shownRefs()).toEqual(first.items.map((i) => i.ref));
    expect(requested.some((u) => u.includes('/board-summary/items') && u.includes('offset=0'))).toBe(true);

    const seen = [...(await shownRefs())];
    for (let offset = 50; offset < first.total; offset += 50) {
      await page.click('#drill-next');
      const last = Math.min(offset + 50, first.total);
      await expect
        .poll(() => page.locator('#drill-range').textContent(), { timeout: 10_000 })
        .toBe(`Items ${offset + 1}–${last} of ${first.total}`);
      const expected = (await api(`${cell}&offset=${offset}`)).items.map((i) => i.ref);
      expect(await shownRefs()).toEqual(expected);
      seen.push(...expected);
    }
    expect(seen.length).toBe(first.total);
    expect(await page.locator('#drill-next').count()).toBe(0);

    // Back one page: the one before the last.
    const lastOffset = Math.floor((first.total - 1) / 50) * 50;
    await page.click('#drill-previous');
    await expect
      .poll(() => page.locator('#drill-range').textContent(), { timeout: 10_000 })
      .toBe(`Items ${lastOffset - 49}–${lastOffset} of ${first.total}`);
    expect(await page.locator('#drill-next').count()).toBe(1);
  });
});
