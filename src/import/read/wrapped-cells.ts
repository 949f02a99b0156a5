import type { ParsedItem } from '../parsed-document.js';
import type { ColumnRole } from './columns.js';
import type { DocumentBuilder } from './document-builder.js';
import { splitUpdates } from './updates.js';

/** A row holding only a piece of a response cell, to be joined to the next row's cell. */
interface Fragment {
  line: number;
  role: ColumnRole;
  text: string;
}

const RESPONSE_ROLES: readonly ColumnRole[] = ['initialResponse', 'latestUpdate'];

/**
 * Cells a PDF export wrapped onto lines of their own: a piece of a response cell on a row before
 * its item's row, a response slipped into the first column below its item, and the narrative
 * lines that look like either but are prose.
 */
export class WrappedCells {
  private fragment: Fragment | null = null;
  /** The last line read as narrative, so the paragraph answering it is read as narrative too. */
  private proseLine = -1;

  constructor(private readonly b: DocumentBuilder) {}

  /** A row with only a response piece: PDF exports wrap a long cell onto a row of its own. */
  fragmentRow(byRole: ReadonlyMap<ColumnRole, string>, n: number): void {
    const role = RESPONSE_ROLES.find((r) => byRole.has(r));
    if (role === undefined || byRole.size > 1) {
      this.b.skip(n, 'row with neither ref nor text');
      return;
    }
    this.fragment = { line: n, role, text: byRole.get(role) ?? '' };
    this.b.role(n, 'item-continuation');
  }

  /** Joins a pending fragment onto this row's cell of the same column. */
  joinFragment(byRole: Map<ColumnRole, string>, n: number): void {
    const f = this.fragment;
    this.fragment = null;
    if (f === null) return;
    byRole.set(f.role, `${f.text} ${byRole.get(f.role) ?? ''}`.trim());
    this.b.warn({
      line: n,
      reason: `one cell's text runs over lines ${f.line} to ${n}: the lines were joined into one cell`,
    });
  }

  /** At the end of the file: a fragment with no row after it is skipped, said so. */
  finish(): void {
    if (this.fragment) this.b.skip(this.fragment.line, 'piece of a response cell with no row after it');
  }

  /**
   * Long text alone on a line inside a plan: right after an item without a response, its response
   * that slipped into the first column (seed 001 line 106 style); otherwise narrative — an
   * "Overall …" finding with no ref, owner or due date is prose, not an item (seed 001 lines 97,
   * 105, 127), and so is the paragraph answering it on the next line.
   */
  longText(text: string, n: number, last: ParsedItem | null): void {
    if (this.proseLine === n - 1) {
      this.proseLine = n;
      this.b.skip(
        n,
        `narrative answering the finding on line ${n - 1}: not an item (no ref, owner or due date)`,
      );
      return;
    }
    if (last !== null && last.initialResponse === null && last.updates.length === 0 && last.line === n - 1) {
      last.initialResponse = text;
      last.updatesFrom = 'initial-response';
      const split = splitUpdates(text, last.dateOfUpdate, n);
      last.updates = split.updates;
      this.b.warn(...split.warnings, {
        line: n,
        reason: `response slipped to its own line; joined to line ${last.line}`,
      });
      this.b.role(n, 'item-continuation');
      return;
    }
    this.proseLine = n;
    this.b.skip(n, `narrative finding "${text.slice(0, 60)}…": not an item (no ref, owner or due date)`);
  }
}
