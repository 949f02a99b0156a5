import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ParsedDocument, ParsedItem } from '../../src/import/parsed-document.js';
import type { TracedDocument } from '../../src/import/read/document-builder.js';
import { readSeedTextTraced } from '../../src/import/read/paper-reader.js';

/** The shared seeds live next to the project, not inside it. */
export const SEEDS_DIR = path.resolve(process.cwd(), '../shared/seeds');

export const SEED_FILES = {
  '000': '000_f77c86887defd980.txt',
  '001': '001_dd29072c73f9077f.txt',
  '002': '002_b51d5797fa80d023.txt',
  '004': '004_ede2b2a44d24b40e.txt',
} as const;

export type SeedId = keyof typeof SEED_FILES;

export const SEED_IDS: readonly SeedId[] = ['000', '001', '002', '004'];

export function seedText(id: SeedId): string {
  return readFileSync(path.join(SEEDS_DIR, SEED_FILES[id]), 'utf8');
}

export function readSeed(id: SeedId): TracedDocument {
  return readSeedTextTraced(seedText(id), { source: SEED_FILES[id] });
}

export function allItems(doc: ParsedDocument): ParsedItem[] {
  return doc.inspections.flatMap((i) => i.plans.flatMap((p) => p.items));
}

/**
 * What a row says, without where its cells sit and how its dates were found (columns, sheet,
 * the response's head date, each update's `dateStated`): those are provenance, asserted apart.
 */
export function contentOf(item: ParsedItem): ParsedItem {
  const { columns: _c, sheet: _s, responseDate: _r, updates, ...rest } = item;
  return { ...rest, updates: updates.map(({ effectiveOn, text }) => ({ effectiveOn, text })) };
}

/** The document's content: every item through `contentOf`, without the file it came from. */
export function documentContent(doc: ParsedDocument) {
  const { file: _file, ...rest } = doc;
  return {
    ...rest,
    inspections: doc.inspections.map((i) => ({
      ...i,
      plans: i.plans.map((p) => ({ ...p, items: p.items.map(contentOf) })),
    })),
  };
}

/** The row at `line`, as `contentOf` shows it. */
export function itemAt(doc: ParsedDocument, line: number): ParsedItem {
  const item = allItems(doc).find((i) => i.line === line);
  if (!item) throw new Error(`no item at line ${line}`);
  return contentOf(item);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a long text by its start and end, so tests pin it without pasting it whole. */
export function clip(start: string, end: string) {
  return expect.stringMatching(new RegExp(`^${escapeRegExp(start)}[\\s\\S]*${escapeRegExp(end)}$`));
}

/** A tab-separated line, as the text exports print rows. */
export function tsv(...cells: string[]): string {
  return cells.join('\t');
}

/** A small text export: plan header lines, a column-title row, then rows. */
export function exportText(options: {
  heading?: string;
  portfolioOwner?: string;
  planOwner?: string;
  columns?: string[];
  rows: string[];
}): string {
  const columns = options.columns ?? [
    'Ref',
    'Area for Improvement',
    'Due Date',
    'Action Owner',
    'Progress Update',
    'Date of Update',
    'RAG Status',
  ];
  return [
    options.heading ?? '## TEST INSPECTION IMPROVEMENT PLAN',
    '',
    `**SCT Portfolio Owner: ${options.portfolioOwner ?? 'ACC Jane Doe, Territorial Policing'}**`,
    `**Improvement Plan Owner: ${options.planOwner ?? 'Ch Supt A N Other'}**`,
    '',
    tsv(...columns),
    ...options.rows,
  ].join('\n');
}
