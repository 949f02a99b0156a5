// @ts-check
// Download buttons: each export (GET /exports/{kind}?format=…) at the time point and inspection
// shown. The file is fetched with the key in a header and handed to the browser as a download;
// a problem (e.g. PDF without Chromium on the server, a 501) is said beside the buttons.

import { ApiError, download } from './api.js';
import { h } from './dom.js';

/** @import { Params } from './api.js' */

const LABELS = /** @type {const} */ ({
  csv: 'CSV',
  xlsx: 'Excel (XLSX)',
  json: 'JSON',
  html: 'Printable page (HTML)',
  pdf: 'PDF',
});

/**
 * @param {{ kind: 'plan' | 'snapshot' | 'board-summary' | 'board-pack', title: string,
 *   formats: (keyof typeof LABELS)[], params: Params }} o
 */
export function downloadButtons({ kind, title, formats, params }) {
  const status = h('span', { class: 'meta download-status', role: 'status', 'aria-live': 'polite' });
  /** @param {keyof typeof LABELS} format */
  const fetchFile = async (format) => {
    status.textContent = `Preparing ${LABELS[format]}…`;
    try {
      const { blob, fileName } = await download(`/exports/${kind}`, { ...params, format });
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: fileName, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = `Downloaded ${fileName}`;
    } catch (error) {
      status.textContent =
        error instanceof ApiError
          ? `${error.title}: ${error.message}`
          : `The download failed: ${String(error)}`;
    }
  };
  return h(
    'div',
    { class: 'downloads', role: 'group', 'aria-label': `Download ${title}`, dataset: { export: kind } },
    h('span', { class: 'downloads-title' }, `Download ${title}:`),
    formats.map((format) =>
      h(
        'button',
        { type: 'button', class: 'download', dataset: { format }, onclick: () => fetchFile(format) },
        LABELS[format],
      ),
    ),
    status,
  );
}
