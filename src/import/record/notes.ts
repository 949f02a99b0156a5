import type { LineNote } from '../parsed-document.js';
import type { DraftCommand } from './planned-command.js';

/** What a planner returns: the commands it decided to issue and the choices it made, with lines. */
export interface Planned {
  readonly commands: DraftCommand[];
  readonly notes: LineNote[];
}

/** Bounds of the ledger's free-text fields (see the domain's field schemas). */
export const SHORT = 500;
export const LONG = 20_000;

/** Free text fitted into a field's bound, with the note saying it was cut (null when it fit). */
export function bounded(
  text: string | null,
  max: number,
  line: number,
  what: string,
): { text: string | null; note: LineNote | null } {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return { text: null, note: null };
  if (trimmed.length <= max) return { text: trimmed, note: null };
  return {
    text: `${trimmed.slice(0, max - 1)}…`,
    note: {
      line,
      reason: `${what} is longer than the ledger keeps (${max} characters): it was recorded cut short at that length; the file keeps it whole`,
    },
  };
}

/**
 * One planner's own notebook: the planner creates it, writes what it fits or decides into it, and
 * returns `notes` with its commands (nothing is filled in for a caller).
 */
export function notebook() {
  const notes: LineNote[] = [];
  return {
    notes,
    note(line: number, reason: string): void {
      notes.push({ line, reason });
    },
    /** `bounded`, keeping its note. */
    fit(text: string | null, max: number, line: number, what: string): string | null {
      const r = bounded(text, max, line, what);
      if (r.note) notes.push(r.note);
      return r.text;
    },
    /** Keeps the notes of a planner called from this one, returning its commands. */
    take<T extends { notes: readonly LineNote[] }>(planned: T): T {
      notes.push(...planned.notes);
      return planned;
    },
  };
}
