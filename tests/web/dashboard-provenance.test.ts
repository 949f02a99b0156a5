import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type HistoryEntry, ItemHistory } from '../../projections/item-history.js';
import { CORRECTED_UPDATE, correctedSeed004, HELD_UPDATE } from '../import/corrected-seeds.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';
import { CHROMIUM, openItemPage } from './item-page.js';

/**
 * Where an entry came from and who recorded it, as the item page shows them in a real browser:
 * seed 004 imported, then a corrected export of it (one update reworded, one RAG changed). Every
 * entry names its file, line and column, an imputed date is marked, who did it is a name, and the
 * correction sits beside the entry it fixes with its own source — while "what the board saw" on
 * the paper's date still shows the original text.
 */

const SEED = SEED_FILES['004'];
const CORRECTED = '004-corrected.txt';

describe.skipIf(!existsSync(CHROMIUM))('dashboard: provenance, names and corrections in item history', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-ledger-web-corrected-'));
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  let itemId: string;
  let entries: HistoryEntry[];

  const api = async (p: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`${server.baseUrl}${p}${query ? `?${query}` : ''}`, {
      headers: { authorization: `Bearer ${server.viewerKey}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  const rendered = () => page.locator('#main').getAttribute('data-rendered');
  const afterRender = async (action: () => Promise<unknown>) => {
    const before = await rendered();
    await action();
    await expect.poll(rendered, { timeout: 10_000 }).not.toBe(before);
    await expect.poll(() => page.locator('#main').getAttribute('aria-busy')).toBeNull();
  };
  /** The history entry of the 6 November 2015 update (the one the corrected export rewords). */
  const correctedEntry = () =>
    page.locator('#item-history > li[data-type="UpdatePosted"][data-effective-on="2015-11-06"]');

  beforeAll(async () => {
    const corrected = path.join(dir, CORRECTED);
    writeFileSync(corrected, correctedSeed004());
    server = await startDashboardServer({ papers: [path.join(SEEDS_DIR, SEED), corrected] });
    const Item = z.object({ ref: z.string(), itemId: z.string() });
    const snapshot = z.object({ plans: z.array(z.object({ items: z.array(z.object({ item: Item })) })) });
    const items = snapshot.parse(await api('/snapshot')).plans.flatMap((p) => p.items.map((i) => i.item));
    itemId = items.find((i) => i.ref === '10')?.itemId ?? '';
    entries = ItemHistory.parse(await api(`/items/${itemId}/history`)).entries;
    ({ browser, page } = await openItemPage(server, itemId));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an imported item, then every entry says "From <file>, line N, column M" as the API records it', async () => {
    const shown = await page.locator('#item-history > li > .source').allTextContents();
    expect(shown).toHaveLength(entries.length);
    entries.forEach((entry, i) => {
      const p = entry.provenance;
      const column = p?.column ? `, column ${p.column.number} (${p.column.title})` : '';
      expect(shown[i]).toContain(`From ${p?.fileName}${p?.line ? `, line ${p.line}` : ''}${column}.`);
    });
    expect(shown.some((s) => s.startsWith(`From ${SEED}, line 21, column 6 (Latest Update).`))).toBe(true);
  });

  it('given a fact whose date the paper does not state, then the page marks it "Date imputed" in bold, and only those', async () => {
    const imputed = await page.locator('#item-history > li > .source.imputed').count();
    expect(imputed).toBe(entries.filter((e) => e.provenance?.dateStated === false).length);
    expect(imputed).toBeGreaterThan(0);
    const received = page.locator('#item-history > li[data-type="RecommendationReceived"] .source');
    expect(await received.locator('strong').textContent()).toMatch(
      /^Date imputed: the paper does not date this; taken from (the earliest date in the document|the paper's own date)\.$/,
    );
    expect(await correctedEntry().locator(':scope > .source').textContent()).toContain(
      'Date as written in the paper.',
    );
  });

  it('then every entry names who did it in words: the operator importing the file, never a bare key id', async () => {
    const by = await page.locator('#item-history > li > .meta:not(.source)').allTextContents();
    expect(by.filter((t) => t.startsWith('By '))).toHaveLength(entries.length);
    expect(new Set(entries.map((e) => e.by))).toEqual(new Set([`test-importer importing ${SEED}`]));
    for (const text of by.filter((t) => t.startsWith('By ')))
      expect(text).toMatch(`By test-importer importing ${SEED};`);
  });

  it('given the corrected export, then the fix sits beside the entry with who made it and the corrected file’s line and column', async () => {
    const entry = correctedEntry();
    expect(await entry.locator('.entry-body').textContent()).toContain(CORRECTED_UPDATE);
    expect(await entry.locator('.was').textContent()).toContain(HELD_UPDATE);
    const fix = await entry.locator('.fix').textContent();
    expect(fix).toContain(
      `Corrected (text): Corrected by ${CORRECTED}, line 21, column 6 (Latest Update): it gives another text for the update of 6 November 2015 — by test-importer importing ${CORRECTED}`,
    );
    expect(fix).toContain(`From ${CORRECTED}, line 21, column 6 (Latest Update).`);
  });

  it('when the page shows what the board saw on the paper’s date, then the original text is shown and no correction yet', async () => {
    await afterRender(async () => {
      await page.fill('#pick-date', '06/11/2015');
      await page.press('#pick-date', 'Enter');
      await page.locator('#pick-date').dispatchEvent('change');
    });
    expect(await page.locator('#mode-board').isChecked()).toBe(true);
    await expect.poll(() => correctedEntry().locator('.entry-body').textContent()).toContain(HELD_UPDATE);
    expect(await correctedEntry().locator('.fix').count()).toBe(0);
    await afterRender(() => page.check('#mode-now'));
    await expect
      .poll(() => correctedEntry().locator('.entry-body').textContent())
      .toContain(CORRECTED_UPDATE);
  });
});
