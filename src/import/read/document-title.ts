/**
 * The inspection's title when the paper has no "… IMPROVEMENT PLAN" heading and no "HMIC …" line:
 * its own heading, an upper-case title line before the first plan header (e.g. "COUNTER TERRORISM
 * INSPECTION ACTION PLAN" above "**SCT Portfolio Holder: …**"); the file name only as a last resort.
 */

/** Words that make an upper-case line a banner or a label, not a title. */
const NOT_A_TITLE =
  /^(PROTECTIVE MARKING|NOT PROTECTIVELY MARKED|RESTRICTED|OFFICIAL|CONFIDENTIAL|APPENDIX|ANNEX|PAGE \d)/;

/** An upper-case line of at least two words, mostly letters, not a banner, label or numbered paragraph. */
export function isDocumentTitle(text: string): boolean {
  const t = text.replace(/\*+/g, '').trim();
  if (t.length < 8 || t.length > 200 || t.includes(':')) return false;
  if (t !== t.toUpperCase() || !/[A-Z]{3}/.test(t)) return false;
  if (NOT_A_TITLE.test(t) || /^\d/.test(t)) return false;
  const letters = t.replace(/[^A-Z]/g, '').length;
  return t.split(/\s+/).length >= 2 && letters / t.replace(/\s/g, '').length >= 0.7;
}

/** The title as printed, without emphasis marks. */
export const documentTitle = (text: string) => text.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();

/** The file's base name without its extension: the last resort. */
export function titleFromFileName(source: string): string | null {
  const base = source.split(/[\\/]/).pop() ?? source;
  const name = base.replace(/\.[^.]+$/, '').trim();
  return name === '' ? null : name;
}
