import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../exports/parse-csv.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';

/**
 * Finding things and taking files away, in a real browser: one inspection at a time, portfolio,
 * search, sort and due filters; every export downloaded and opened; the slider on the date
 * picked; the server-down message; and an automated WCAG 2.1 AA check (axe-core) on every view.
 * Screenshots of each view go to artifacts/screenshots (gitignored), downloads to
 * artifacts/downloads.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts');
const SHOTS = path.join(ARTIFACTS, 'screenshots');
const DOWNLOADS = path.join(ARTIFACTS, 'downloads');
const REPORT_CARD = 'HMIC Police Report Card Inspection: 4-8 October 2010';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

describe.skipIf(!hasChromium)('dashboard: finding things, exports, accessibility', () => {
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  let serverClosed = false;

  const api = async (p: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`${server.baseUrl}${p}${query ? `?${query}` : ''}`, {
      headers: { authorization: `Bearer ${server.viewerKey}` },
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const rendered = () => page.locator('#main').getAttribute('data-rendered');
  /** Waits for the next render after `action`. */
  const afterRender = async (action: () => Promise<unknown>) => {
    const before = await rendered();
    await action();
    await expect.poll(rendered, { timeout: 10_000 }).not.toBe(before);
    await expect.poll(() => page.locator('#main').getAttribute('aria-busy')).toBeNull();
  };
  const refs = () =>
    page
      .locator('#main section.plan tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')));

  /** axe-core in the page (evaluated, not a script tag: the page's CSP allows no inline script). */
  const axe = async (view: string): Promise<Violation[]> => {
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(`axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`)) as Violation[];
    await page.screenshot({ path: path.join(SHOTS, `${view}.png`), fullPage: true });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOWNLOADS, { recursive: true });
    server = await startDashboardServer({ papers: [path.join(SEEDS_DIR, SEED_FILES['002'])] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.goto(`${server.baseUrl}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (!serverClosed) await server?.close();
  });

  it('given the key form, then axe finds no serious or critical violation', async () => {
    expect(await axe('key-form')).toEqual([]);
    await page.fill('#api-key', server.viewerKey);
    await afterRender(() => page.click('#key-form button[type=submit]'));
  });

  it('when an inspection is picked, then only its plans are shown, the choice is in the URL and survives a reload', async () => {
    const { inspections } = (await api('/inspections')) as {
      inspections: { inspectionId: string; title: string }[];
    };
    const card = inspections.find((i) => i.title === REPORT_CARD);
    expect(card).toBeDefined();
    expect(inspections.length).toBe(2);
    await afterRender(() => page.selectOption('#find-inspection', card?.inspectionId ?? ''));
    expect(page.url()).toContain(`inspection=${card?.inspectionId}`);
    const snapshot = (await api('/snapshot', { inspectionId: card?.inspectionId ?? '' })) as {
      plans: { plan: { portfolio: string } | null }[];
    };
    const expected = snapshot.plans.map((p) => p.plan?.portfolio).sort();
    const shown = await page
      .locator('#main section.plan')
      .evaluateAll((s) => s.map((e) => e.getAttribute('data-portfolio')));
    expect(shown.sort()).toEqual(expected);
    expect(shown).not.toContain('Local Policing');

    await page.reload();
    await expect
      .poll(() => page.locator('#find-inspection').inputValue(), { timeout: 10_000 })
      .toBe(card?.inspectionId);
    expect(await axe('dashboard-one-inspection')).toEqual([]);
  });

  it('when a portfolio is chosen and text searched, then only matching items show; sorting by RAG puts Red first', async () => {
    await afterRender(() => page.selectOption('#find-portfolio', 'Territorial Policing'));
    const sections = await page
      .locator('#main section.plan')
      .evaluateAll((s) => s.map((e) => e.getAttribute('data-portfolio')));
    expect(sections).toEqual(['Territorial Policing']);
    await afterRender(() => page.fill('#find-text', 'metal theft'));
    const inspectionId = await page.locator('#find-inspection').inputValue();
    type Row = { item: Record<string, unknown> & { ref: string; latestUpdate: { text: string } | null } };
    const tp = (
      (await api('/snapshot', { inspectionId })) as { plans: { plan: { portfolio: string }; items: Row[] }[] }
    ).plans.find((p) => p.plan.portfolio === 'Territorial Policing');
    const matching = (tp?.items ?? [])
      .filter(({ item }) =>
        [item.ref, item.text, item.strategicLead, item.actionOwner, item.latestUpdate?.text]
          .join(' ')
          .toLowerCase()
          .includes('metal theft'),
      )
      .map(({ item }) => item.ref);
    expect(matching.length).toBeGreaterThan(0);
    expect(await refs()).toEqual(matching);
    expect(matching.length).toBeLessThan(tp?.items.length ?? 0);
    await afterRender(() => page.fill('#find-text', ''));
    expect((await refs()).length).toBeGreaterThan(10);

    await afterRender(() => page.selectOption('#find-sort', 'rag'));
    const rank = { RED: 0, AMBER: 1, GREEN: 2, none: 3 } as Record<string, number>;
    const rags = await page
      .locator('#main section.plan tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rag') ?? 'none'));
    const ranks = rags.map((r) => rank[r] ?? 3);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(rags).size).toBeGreaterThan(1);

    await afterRender(() => page.selectOption('#find-sort', 'due'));
    await afterRender(() => page.selectOption('#find-due', 'overdue'));
    // The 002 items are due 30 Jun 2011: today every open one is overdue, each row says so.
    const overdueRows = page.locator('#main section.plan tbody tr');
    expect(await overdueRows.count()).toBeGreaterThan(0);
    for (const text of await overdueRows.allTextContents()) expect(text).toContain('Overdue');
    expect(await axe('dashboard-filtered')).toEqual([]);
    await afterRender(() => page.selectOption('#find-due', ''));
  });

  it('when the summary is downloaded as Excel and the plans as CSV and JSON, then the files open with the same numbers as the API', async () => {
    const inspectionId = await page.locator('#find-inspection').inputValue();
    const save = async (kind: string, format: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`.downloads[data-export="${kind}"] button[data-format="${format}"]`),
      ]);
      const target = path.join(DOWNLOADS, file.suggestedFilename());
      await file.saveAs(target);
      return target;
    };
    const xlsx = await save('board-summary', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const summary = (await api('/board-summary', { inspectionId })) as {
      portfolios: {
        portfolio: string;
        recommendations: Record<string, number>;
        areasForImprovement: Record<string, number>;
      }[];
    };
    const fromSheet: unknown[][] = [];
    wb.getWorksheet('Summary')?.eachRow((row, n) => {
      if (n > 2) fromSheet.push([1, 2, 3, 4, 5, 6, 7].map((c) => row.getCell(c).value));
    });
    const fromJson = summary.portfolios.flatMap((p) =>
      (['recommendations', 'areasForImprovement'] as const).map((k) => [
        p.portfolio,
        k === 'recommendations' ? 'Recommendations' : 'Areas for improvement',
        ...['total', 'completed', 'green', 'amber', 'red'].map((c) => p[k][c]),
      ]),
    );
    expect(fromSheet.slice(0, fromJson.length)).toEqual(fromJson);

    const csv = parseCsv(readFileSync(await save('snapshot', 'csv'), 'utf8'));
    const header = csv.find((r) => r[1] === 'Ref') ?? [];
    const itemRows = csv.slice(csv.indexOf(header) + 1).filter((r) => r[1] !== '');
    const snapshot = (await api('/snapshot', { inspectionId })) as { plans: { items: unknown[] }[] };
    expect(itemRows.length).toBe(snapshot.plans.reduce((n, p) => n + p.items.length, 0));

    const json = JSON.parse(readFileSync(await save('snapshot', 'json'), 'utf8'));
    expect(json.export.kind).toBe('snapshot');
    expect(json.export.ledgerDigest.rootHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when a date between board dates is typed in day/month/year, then the slider sits on that date as its own stop', async () => {
    await afterRender(async () => {
      await page.fill('#pick-date', '03/05/2011');
      await page.press('#pick-date', 'Enter');
      await page.locator('#pick-date').dispatchEvent('change');
    });
    const slider = page.locator('#board-slider');
    expect(await slider.getAttribute('aria-valuetext')).toContain('3 May 2011');
    expect(await page.locator('#showing').textContent()).toContain('3 May 2011');
    expect(
      await page
        .locator('.slider-ticks span')
        .nth(Number(await slider.inputValue()))
        .textContent(),
    ).toBe('3 May 2011');
    expect(await page.locator('#pick-date').inputValue()).toBe('03/05/2011');
  });

  it('given the board pack, then it downloads as printable HTML and as PDF, and axe passes on it and on an item page', async () => {
    await page.check('#mode-now');
    await afterRender(() => page.click('nav.views a[data-view="board-pack"]'));
    expect(page.url()).toContain('inspection=');
    expect(await axe('board-pack')).toEqual([]);
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.downloads[data-export="board-pack"] button[data-format="html"]'),
    ]);
    const htmlFile = path.join(DOWNLOADS, html.suggestedFilename());
    await html.saveAs(htmlFile);
    expect(readFileSync(htmlFile, 'utf8')).toContain('Reproduces');
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.click('.downloads[data-export="board-pack"] button[data-format="pdf"]'),
    ]);
    const pdfFile = path.join(DOWNLOADS, pdf.suggestedFilename());
    await pdf.saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');

    await afterRender(() => page.click('nav.views a[data-view="dashboard"]'));
    await afterRender(() => page.locator('#main section.plan tbody tr a').first().click());
    await page.locator('#item-history').waitFor();
    expect(await axe('item-history')).toEqual([]);
  }, 90_000);

  // Swagger UI lays out a 200 KB document in the browser: seconds on a quiet machine, over 15 s
  // when the two cores are shared with a dozen other processes. The wait is for it to draw at all.
  it('when the API docs are opened, then Swagger UI draws under its CSP without a violation', {
    timeout: 90_000,
  }, async () => {
    const docs = await browser.newPage();
    const errors: string[] = [];
    docs.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const response = await docs.goto(`${server.baseUrl}/docs`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' ;/);
    await docs.locator('.swagger-ui .info .title').waitFor({ timeout: 60_000 });
    await docs.waitForTimeout(500);
    expect(errors).toEqual([]);
    await docs.screenshot({ path: path.join(SHOTS, 'api-docs.png') });
    await docs.close();
  });

  it('given the server stops, when the reader changes the view, then the page says the server is not answering and marks the figures stale', async () => {
    await afterRender(() => page.click('nav.views a[data-view="dashboard"]'));
    await server.close();
    serverClosed = true;
    await page.selectOption('#find-sort', 'changed');
    const problem = page.locator('#problem');
    await problem.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await problem.textContent()).toContain('No answer from the server');
    expect(await problem.textContent()).toContain('could not be reached');
    expect(await page.locator('#main').getAttribute('data-stale')).toBe('true');
    await expect
      .poll(() => page.locator('#live-status').textContent(), { timeout: 15_000 })
      .toMatch(/not answering|was lost/);
    await page.screenshot({ path: path.join(SHOTS, 'server-down.png'), fullPage: true });
  });
});

if (!hasChromium) {
  describe('dashboard: finding things, exports, accessibility', () => {
    it.skip(`skipped: ${CHROMIUM} is absent (install it with apt-get install chromium; CI does)`, () => {});
  });
}
