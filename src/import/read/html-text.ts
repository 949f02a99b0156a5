/**
 * Flattens the HTML fragments and markdown bold markers found inside exported cells to plain
 * text, keeping the structure a reader needs: list items stay one per line as "- " lines and
 * paragraphs / line breaks stay newlines.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  pound: '£',
  hellip: '…',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text of one cell. Tags other than block/list tags are dropped with their markup only. */
export function htmlToText(cell: string): string {
  const text = cell
    .replace(/\*\*/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|ul|ol|h\d)(\s[^>]*)?>/gi, '\n')
    // A list item that already starts with its own dash must not get a second one.
    .replace(/<li(\s[^>]*)?>\s*(?:[-–•]\s+)?/gi, '\n- ')
    .replace(/<\/li>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    // Truncated exports leave a dangling "</b" at a cell's end.
    .replace(/<\/?[a-z]*$/i, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

/** Plain text, or null when the cell is empty once flattened. */
export function cellText(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const text = htmlToText(cell);
  return text === '' ? null : text;
}

/** Text with markdown heading hashes and emphasis removed, for recognising headings. */
export function headingText(line: string): string {
  return htmlToText(line)
    .replace(/^#+\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
