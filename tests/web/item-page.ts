import { type Browser, chromium, type Page } from 'playwright-core';
import type { DashboardServer } from './dashboard-server.js';

/** Debian's chromium, as CI installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * A real browser signed in to the dashboard as the viewer, on one item's page with its history
 * drawn: the steps every item-page test starts from.
 */
export async function openItemPage(
  server: DashboardServer,
  itemId: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${server.baseUrl}/`);
  await page.fill('#api-key', server.viewerKey);
  await page.click('#key-form button[type=submit]');
  await page.locator('#rag-summary').waitFor({ timeout: 20_000 });
  await page.evaluate(`location.hash = '#/items/${itemId}'`);
  await page.locator('#item-history').waitFor({ timeout: 10_000 });
  await page.locator('#main:not([aria-busy])').waitFor({ timeout: 10_000 });
  return { browser, page };
}
