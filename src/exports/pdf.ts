/**
 * The board pack as PDF, printed by a headless Chromium from the same HTML as the HTML export
 * (playwright-core drives the Chromium installed on the machine; nothing is downloaded). Without
 * that browser the PDF is a 501 that says how to get it; every other format still works.
 */
import { existsSync } from 'node:fs';
import { FeatureUnavailableError } from '../errors.js';

/** Where the browser is: `LEDGER_CHROMIUM`, else Debian's chromium. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** One print at a time: each launches a browser of a few hundred MB. */
let queue: Promise<unknown> = Promise.resolve();

export function htmlToPdf(html: string, executablePath = chromiumPath()): Promise<Buffer> {
  if (!existsSync(executablePath)) {
    return Promise.reject(
      new FeatureUnavailableError(
        `PDF export needs Chromium at ${executablePath}, which is not installed on the server. Install it (apt-get install chromium) or set LEDGER_CHROMIUM to its path; meanwhile export format=html and print it from a browser.`,
      ),
    );
  }
  const run = queue.then(() => print(html, executablePath));
  queue = run.catch(() => undefined);
  return run;
}

async function print(html: string, executablePath: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    // The HTML holds no script and loads nothing: JavaScript off, no network needed.
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
