import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ItemHistory } from '../../projections/item-history.js';
import { itemIdFor } from '../../src/domain/ids.js';
import { inspectionIdFor } from '../../src/import/record/import-ids.js';
import { INSPECTION, type VersionRow, versionCsv } from '../import/plan-versions.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';
import { CHROMIUM, openItemPage } from './item-page.js';

/**
 * A fact a later paper states about an item the ledger holds as closed is recorded "as reported"
 * (the paper is the record); the item page must say so beside that entry, and only there, so an
 * auditor never reads it as an ordinary re-rating.
 */

const MARCH: VersionRow[] = [
  { ref: 'R.1', date: '11-Mar-15', rag: 'GREEN', complete: 'Yes' },
  { ref: 'R.2', latest: '2 March 2015 - Work started.', date: '02-Mar-15', rag: 'AMBER' },
];
const APRIL: VersionRow[] = [
  {
    ref: 'R.1',
    latest: '24 April 2015 - First step taken.',
    date: '24-Apr-15',
    rag: 'AMBER',
    complete: 'Yes',
  },
  MARCH[1] as VersionRow,
];

describe.skipIf(!existsSync(CHROMIUM))('dashboard: facts recorded as a paper reports them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-ledger-web-as-reported-'));
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  let entries: z.infer<typeof ItemHistory>['entries'];

  const api = async (p: string) => {
    const res = await fetch(`${server.baseUrl}${p}`, {
      headers: { authorization: `Bearer ${server.viewerKey}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    // Given R.1 complete in March's paper, and April's paper rating it Amber while still complete
    const march = path.join(dir, 'plan-march.csv');
    const april = path.join(dir, 'plan-april.csv');
    writeFileSync(march, versionCsv(MARCH));
    writeFileSync(april, versionCsv(APRIL));
    server = await startDashboardServer({ papers: [march, april], inspection: INSPECTION });
    // (The sample plan has an R.1 of its own: the papers' R.1 is named by its inspection.)
    const itemId = itemIdFor(inspectionIdFor(INSPECTION), 'R.1');
    entries = ItemHistory.parse(await api(`/items/${itemId}/history`)).entries;
    // When the item's page is opened
    ({ browser, page } = await openItemPage(server, itemId));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('then the re-rating on 24 April 2015 is marked "recorded as the paper reports it", and no other entry is', async () => {
    const marked = entries.filter((e) => e.data.asReported === true);
    expect(marked.map((e) => [e.type, e.effectiveOn])).toEqual([['RagChanged', '2015-04-24']]);
    const shown = page.locator('#item-history > li:has(> .as-reported)');
    expect(await shown.count()).toBe(1);
    expect(await shown.getAttribute('data-type')).toBe('RagChanged');
    expect(await shown.getAttribute('data-effective-on')).toBe('2015-04-24');
    expect(await shown.locator('.as-reported').textContent()).toBe(
      'Recorded as the paper reports it: the item was closed in the ledger at the time and the paper does not say it was reopened.',
    );
    expect(await page.locator('#item-history > li').count()).toBe(entries.length);
  });
});
