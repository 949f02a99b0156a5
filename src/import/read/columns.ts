import type { ItemKind } from '../parsed-document.js';
import { htmlToText } from './html-text.js';

/** What a column of a plan table holds. */
export type ColumnRole =
  | 'ref'
  | 'text'
  | 'strategicLead'
  | 'actionOwner'
  | 'dueDate'
  | 'timescale'
  | 'initialResponse'
  | 'latestUpdate'
  | 'dateOfUpdate'
  | 'complete'
  | 'rag'
  | 'portfolio'
  | 'portfolioOwner'
  | 'planOwner'
  | 'inspection'
  | 'section'
  | 'parentRef';

/** Column titles seen in real plans, compared after `normaliseTitle`. */
const ALIASES: ReadonlyArray<readonly [ColumnRole, readonly string[]]> = [
  ['ref', ['ref', 'reference', 'refno', 'no', 'number', 'id']],
  [
    'text',
    [
      'areaforimprovement',
      'areasforimprovement',
      'afi',
      'recommendation',
      'recommendations',
      'nationalrecommendation',
      'nationalrecommendations',
      'text',
    ],
  ],
  ['strategicLead', ['strategiclead']],
  ['actionOwner', ['actionowner', 'owner', 'actionowners']],
  ['dueDate', ['duedate', 'due', 'targetdate', 'deadline']],
  ['timescale', ['timescale', 'timescales']],
  ['initialResponse', ['initialresponse', 'managementresponse', 'progressupdate', 'response']],
  ['latestUpdate', ['latestupdate', 'update', 'latestprogress']],
  ['dateOfUpdate', ['dateofupdate', 'updatedate', 'dateoflastupdate', 'lastupdated']],
  ['complete', ['completeyesno', 'complete', 'completed', 'completeyn']],
  ['rag', ['ragstatus', 'rag', 'status', 'ragrating']],
  ['portfolio', ['portfolio', 'sctportfolio']],
  ['portfolioOwner', ['portfolioowner', 'portfolioholder', 'sctportfolioowner', 'sctportfolioholder']],
  ['planOwner', ['planowner', 'improvementplanowner']],
  ['inspection', ['inspection', 'report', 'inspectiontitle']],
  ['section', ['section', 'category', 'theme', 'heading']],
  ['parentRef', ['parentref', 'parent', 'recommendationref']],
];

/** Case-, spacing- and punctuation-insensitive form of a column title. */
export function normaliseTitle(title: string): string {
  return htmlToText(title)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The role a column title names, or null when it names none of the known columns. */
export function roleOfTitle(title: string): ColumnRole | null {
  const norm = normaliseTitle(title);
  if (norm === '') return null;
  for (const [role, names] of ALIASES) if (names.includes(norm)) return role;
  return null;
}

/** A recognised column-title row: the role of every column, in order. */
export interface ColumnLayout {
  roles: Array<ColumnRole | null>;
  /** Where each role's column is, for provenance: 1-based position and printed title. */
  columns: Record<string, { number: number; title: string | null }>;
  /** The kind the text column's title implies ("Recommendation" vs "Area for Improvement"). */
  titleKind: ItemKind | null;
}

/** Kind implied by the text column's title, if it says. */
function kindOfTitle(title: string): ItemKind | null {
  const norm = normaliseTitle(title);
  if (norm.includes('national')) return 'national-recommendation';
  if (norm.startsWith('recommendation')) return 'recommendation';
  if (norm.includes('improvement') || norm === 'afi') return 'area-for-improvement';
  return null;
}

/**
 * Reads a row as column titles when it names a Ref column and at least two other known columns.
 * A blank title next to Ref is the text column (seed 002 prints its recommendations' column blank).
 */
export function readColumnTitles(cells: readonly string[]): ColumnLayout | null {
  const roles = cells.map((c) => roleOfTitle(c));
  const known = roles.filter((r) => r !== null).length;
  if (!roles.includes('ref') || known < 3) return null;
  if (!roles.includes('text')) {
    const blank = roles.findIndex((r, i) => r === null && normaliseTitle(cells[i] ?? '') === '');
    if (blank >= 0) roles[blank] = 'text';
  }
  const textTitle = cells[roles.indexOf('text')] ?? '';
  const columns: ColumnLayout['columns'] = {};
  roles.forEach((role, i) => {
    if (role === null || columns[role]) return;
    const title = htmlToText(cells[i] ?? '').trim();
    columns[role] = { number: i + 1, title: title === '' ? null : title.slice(0, 200) };
  });
  return { roles: trimTrailingNulls(roles), columns, titleKind: kindOfTitle(textTitle) };
}

/** Header rows may carry trailing empty cells; those are not columns. */
function trimTrailingNulls(roles: Array<ColumnRole | null>): Array<ColumnRole | null> {
  let end = roles.length;
  while (end > 0 && roles[end - 1] === null) end--;
  return roles.slice(0, end);
}

/** A table-rule row (`-----\t-----`) produced by a markdown conversion. */
export function isRuleRow(cells: readonly string[]): boolean {
  const nonEmpty = cells.map((c) => c.trim()).filter((c) => c !== '');
  return nonEmpty.length > 0 && nonEmpty.every((c) => /^[-=_:|]{2,}$/.test(c));
}
