import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleBoard } from '../../src/sample/sample-plan.js';
import { type StartedLedger, startNpmLedger } from './npm-start-server.js';

/**
 * A new user's first screen, as they get it: `npm start` on an empty data directory, the
 * dashboard in a real browser, "what the board saw" on the sample's board date. The sample's
 * report is presented as a paper is, so the board's figures are there (not zeros) and the page
 * names the report they come from.
 */

const CHROMIUM = '/usr/bin/chromium';
const Counts = z.object({ total: z.number() });
const Summary = z.object({
  overall: z.object({ recommendations: Counts, areasForImprovement: Counts }),
  report: z.object({ boardName: z.string(), boardDate: z.string() }),
});

describe.skipIf(!existsSync(CHROMIUM))('npm start, then the dashboard shows what the board saw', () => {
  let ledger: StartedLedger;
  let browser: Browser;
  let baseUrl = '';
  let adminKey = '';

  beforeAll(async () => {
    ledger = await startNpmLedger('plan-ledger-first-screen-');
    ({ baseUrl, adminKey } = ledger);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it('given the sample’s board date in "what the board saw", then the figures are the report’s (not zeros) and the page names it', async () => {
    const res = await fetch(`${baseUrl}/board-summary?reportedOn=${sampleBoard.presentedOn}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(200);
    const summary = Summary.parse(await res.json());
    const total = summary.overall.recommendations.total + summary.overall.areasForImprovement.total;
    expect(total).toBeGreaterThan(0);
    expect(summary.report).toEqual({ boardName: sampleBoard.name, boardDate: sampleBoard.presentedOn });

    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    await page.fill('#api-key', adminKey);
    await page.click('#key-form button[type=submit]');
    await page.locator('#rag-summary').waitFor({ timeout: 15_000 });
    await page.locator('#board-slider').fill('0');
    await page.check('#mode-board');
    const banner = page.locator('#report-shown');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(sampleBoard.name);
    expect(await banner.getAttribute('data-board-date')).toBe(sampleBoard.presentedOn);
    const overall = await page.$$eval('#rag-summary td[data-plan="overall"][data-column="total"]', (cells) =>
      cells.map((c) => Number(c.textContent?.trim())),
    );
    expect(overall.reduce((a, b) => a + b, 0)).toBe(total);
    expect(await page.locator('#nothing-known').count()).toBe(0);
  });
});
