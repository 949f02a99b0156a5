import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ParsedDocument, ProgressCallback } from '../parsed-document.js';
import { readColumnTitles } from './columns.js';
import { decodeText } from './decode-text.js';
import { parseDelimited } from './delimited.js';
import type { TracedDocument } from './document-builder.js';
import { readRowsTraced } from './rows-reader.js';
import { textRows } from './text-rows.js';

/** The input formats the importer reads. */
export type DocumentFormat = 'seed-text' | 'csv' | 'tsv' | 'xlsx';

export interface ReadDocumentOptions {
  /** Force a format instead of guessing from the extension and content. */
  format?: DocumentFormat;
  /** Name to report as `source` (defaults to the path). */
  source?: string;
  /** Inspection title for table files without an Inspection column. */
  inspection?: string;
  onProgress?: ProgressCallback;
}

/** Zip files (xlsx) start with "PK\x03\x04". */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The format of a file: by extension first, then by content — a first non-blank line that is a
 * column-title row split by commas or tabs is a table file; anything else is a text export.
 */
export function detectFormat(path: string, bytes: Uint8Array): DocumentFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || isZip(bytes)) return 'xlsx';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'txt' || ext === 'md') return 'seed-text';
  const first =
    decodeText(bytes.subarray(0, 4096))
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  if (readColumnTitles(first.split(',')) !== null) return 'csv';
  if (readColumnTitles(first.split('\t')) !== null) return 'tsv';
  return 'seed-text';
}

/** Reads text content of a known format (pure: no file access). */
export function parseDocumentText(
  text: string,
  format: Exclude<DocumentFormat, 'xlsx'>,
  options: { source: string; inspection?: string; onProgress?: ProgressCallback },
): TracedDocument {
  switch (format) {
    case 'seed-text':
      return readRowsTraced(textRows(text), { ...options, paper: true });
    case 'csv':
      return readRowsTraced(parseDelimited(text, ','), options);
    case 'tsv':
      return readRowsTraced(parseDelimited(text, '\t'), options);
    default: {
      const never: never = format;
      return never;
    }
  }
}

/**
 * The name a source is recorded under: the file name without its folders (either separator).
 * Events are readable by every viewer, and a server's or a laptop's directory layout is not
 * theirs to see.
 */
export function sourceNameOf(path: string): string {
  const name = path.split(/[\\/]/).pop();
  return name === undefined || name === '' ? path : name;
}

/** Reads a file's bytes into a parsed document, with the role of every line. */
export async function readDocumentBytesTraced(
  bytes: Uint8Array,
  path: string,
  options: ReadDocumentOptions = {},
): Promise<TracedDocument> {
  const format = options.format ?? detectFormat(path, bytes);
  const common = {
    source: sourceNameOf(options.source ?? path),
    ...(options.inspection === undefined ? {} : { inspection: options.inspection }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  const traced =
    format === 'xlsx'
      ? // exceljs (~2 s of module loading) is loaded by the first XLSX import, not at every start.
        await (await import('./xlsx-reader.js')).readXlsxTraced(bytes, common)
      : parseDocumentText(decodeText(bytes), format, common);
  traced.document.file = { name: fileNameOf(options.source ?? path), digest: sha256(bytes) };
  return traced;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A file's name without its directory, whichever separator the caller's system uses. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop()?.trim() || 'unnamed';
}

/** Entry point: reads a seed text export, CSV, TSV or XLSX file into one parsed document. */
export async function readDocument(path: string, options: ReadDocumentOptions = {}): Promise<ParsedDocument> {
  const bytes = new Uint8Array(await readFile(path));
  return (await readDocumentBytesTraced(bytes, path, options)).document;
}
