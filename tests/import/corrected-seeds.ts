import { seedText } from './helpers.js';

/**
 * Corrected re-exports of real papers, built from the seed's own text with a few cells changed
 * and everything else byte for byte the same (docs/import.md, "Corrected re-exports").
 */

/** Line 21 (national ref 10): its latest update, 6 November 2015. */
export const UPDATE_LINE = 21;
export const HELD_UPDATE =
  "a permanent solution still hasn't been agreed but will be looked at through financial planning";
export const CORRECTED_UPDATE =
  'a permanent solution has now been agreed and is funded from next year’s financial planning';
/** Line 33 (BTP area 3): RAG Amber on its Date of Update, 9 October 2015. */
export const RAG_LINE = 33;

/** Seed 004 with those two cells changed, everything else byte for byte the same. */
export function correctedSeed004(): string {
  const lines = seedText('004').split('\n');
  const update = lines[UPDATE_LINE - 1] ?? '';
  if (!update.includes(HELD_UPDATE)) throw new Error('seed 004 line 21 changed: update the test');
  lines[UPDATE_LINE - 1] = update.replace(HELD_UPDATE, CORRECTED_UPDATE);
  const cells = (lines[RAG_LINE - 1] ?? '').split('\t');
  if (cells.at(-1)?.trim() !== 'AMBER') throw new Error('seed 004 line 33 changed: update the test');
  cells[cells.length - 1] = 'RED';
  lines[RAG_LINE - 1] = cells.join('\t');
  return lines.join('\n');
}
