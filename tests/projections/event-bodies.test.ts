import { describe, expect, it } from 'vitest';
import { BODY_CHUNK, EventBodies, type SavedRows } from '../../projections/event-bodies.js';
import { jsonList, listStarts } from '../../projections/json-list.js';

const ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const bodyOf = (row: number) => ({ itemId: ID, text: `update ${row}`, planIds: [ID] });

/** Bodies of `rows` rows as a snapshot saves them: JSON chunks of BODY_CHUNK rows. */
function savedChunks(rows: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < rows; start += BODY_CHUNK) {
    const bodies = Array.from({ length: Math.min(BODY_CHUNK, rows - start) }, (_, i) => bodyOf(start + i));
    chunks.push(Buffer.from(JSON.stringify(bodies)));
  }
  return chunks;
}

describe('event bodies kept as bytes until read', () => {
  it('given bodies restored from chunks, when nothing is read, then no chunk is parsed and each is written back as the same bytes', () => {
    const rows = 2 * BODY_CHUNK + 17;
    const chunks = savedChunks(rows);
    const bodies = new EventBodies();
    bodies.adopt(chunks, rows);
    expect(bodies.unparsedChunks).toBe(3);
    for (let chunk = 0; chunk < 3; chunk++) expect(bodies.chunkJson(chunk, rows)).toBe(chunks[chunk]);
  });

  it('given restored bodies, when one row is read, then only its chunk is parsed, with ids shared', () => {
    const rows = 2 * BODY_CHUNK + 17;
    const bodies = new EventBodies();
    bodies.adopt(savedChunks(rows), rows);
    expect(bodies.get(BODY_CHUNK + 5)).toEqual(bodyOf(BODY_CHUNK + 5));
    expect(bodies.unparsedChunks).toBe(2);
    const a = bodies.get(BODY_CHUNK) as { itemId: string; planIds: string[] };
    const b = bodies.get(BODY_CHUNK + 1) as { itemId: string };
    expect(a.itemId).toBe(b.itemId);
    // The parsed chunk serializes back to what was saved.
    expect(Buffer.from(bodies.chunkJson(1, rows)).toString()).toBe(
      Buffer.from(savedChunks(rows)[1] as Uint8Array).toString(),
    );
  });

  it('given a partial last chunk still as bytes, when a row is added, then the chunk is parsed first and holds both', () => {
    const rows = BODY_CHUNK + 3;
    const bodies = new EventBodies();
    bodies.adopt(savedChunks(rows), rows);
    bodies.push(rows, { itemId: ID, text: 'new' });
    expect(bodies.length).toBe(rows + 1);
    expect(bodies.unparsedChunks).toBe(1);
    expect(bodies.get(rows - 1)).toEqual(bodyOf(rows - 1));
    expect(bodies.get(rows)).toEqual({ itemId: ID, text: 'new' });
    expect(JSON.parse(Buffer.from(bodies.chunkJson(1, rows + 1)).toString())).toHaveLength(4);
    // A capture taken before the push still writes only its own rows.
    expect(JSON.parse(Buffer.from(bodies.chunkJson(1, rows)).toString())).toHaveLength(3);
  });

  it('given chunks that do not cover the rows, when adopted, then it refuses', () => {
    const bodies = new EventBodies();
    expect(() => bodies.adopt(savedChunks(BODY_CHUNK), BODY_CHUNK + 1)).toThrow(
      /1 chunks of bodies for 2001 rows/,
    );
  });

  it('given a chunk whose rows do not match, when read, then it says so instead of answering wrongly', () => {
    const bodies = new EventBodies();
    bodies.adopt([Buffer.from(JSON.stringify([bodyOf(0)]))], 2);
    expect(() => bodies.get(1)).toThrow(/holds 1 rows, not 2/);
  });

  it('given texts pushed as bodies, when kept, then they are held as codes, read back as the strings they were and saved as where they are', () => {
    const bodies = new EventBodies();
    const object = { itemId: ID, text: 'kept whole' };
    bodies.push(0, 'Training has been provided.');
    bodies.push(1, object);
    bodies.push(2, 'Training has been provided. Progress is monitored monthly.');
    bodies.push(3, 'a \uD800 lone surrogate');
    expect(bodies.textStats.texts).toBe(2);
    expect(bodies.get(0)).toBe('Training has been provided.');
    expect(bodies.get(1)).toBe(object);
    expect(bodies.get(2)).toBe('Training has been provided. Progress is monitored monthly.');
    expect(bodies.get(3)).toBe('a \uD800 lone surrogate');
    const saved = JSON.parse(Buffer.from(bodies.chunkJson(0, 4)).toString()) as unknown[];
    expect(saved.map((body) => typeof body)).toEqual(['number', 'object', 'number', 'string']);
  });

  it('given chunks and texts as a snapshot saved them, when restored and read, then every body reads back and a capture taken after holds the same', () => {
    const source = new EventBodies();
    const texts = ['first update', 'second update about the first update', 'third'];
    source.push(0, texts[0]);
    source.push(1, bodyOf(1));
    source.push(2, texts[1]);
    const image = source.textsImage();
    const chunk = source.chunkJson(0, 3);
    // Added after the capture: not in the image, and the image's texts stay as they were.
    source.push(3, texts[2]);
    const restored = new EventBodies();
    restored.adopt([chunk], 3, { ...image, pages: Buffer.concat(image.pages) });
    expect([0, 1, 2].map((row) => restored.get(row))).toEqual([texts[0], bodyOf(1), texts[1]]);
    expect(restored.textStats.texts).toBe(2);
    restored.push(3, texts[2]);
    expect(restored.get(3)).toBe(texts[2]);
    expect(restored.get(0)).toBe(texts[0]);
  });

  it('given restored bodies that say where each row is, when one row is read, then only its bytes are read and parsed, and the chunk is written back as saved', () => {
    const rows = 2 * BODY_CHUNK + 17;
    const lists = Array.from({ length: 3 }, (_, chunk) =>
      jsonList(
        Array.from({ length: Math.min(BODY_CHUNK, rows - chunk * BODY_CHUNK) }, (_, i) =>
          bodyOf(chunk * BODY_CHUNK + i),
        ),
      ),
    );
    const reads: [number, number, number][] = [];
    const savedRows: SavedRows = {
      starts: (chunk) => (lists[chunk] as { starts: Int32Array }).starts,
      read: (chunk, from, to) => {
        reads.push([chunk, from, to]);
        return (lists[chunk] as { bytes: Uint8Array }).bytes.subarray(from, to);
      },
    };
    const whole: number[] = [];
    const bodies = new EventBodies();
    bodies.adopt(
      lists.map((list, chunk) => () => {
        whole.push(chunk);
        return list.bytes;
      }),
      rows,
      undefined,
      savedRows,
    );
    expect(bodies.get(BODY_CHUNK + 5)).toEqual(bodyOf(BODY_CHUNK + 5));
    expect(bodies.get(2 * BODY_CHUNK + 16)).toEqual(bodyOf(2 * BODY_CHUNK + 16));
    expect(reads.map(([chunk]) => chunk)).toEqual([1, 2]);
    expect(whole).toEqual([]);
    expect(bodies.unparsedChunks).toBe(3);
    const [, from, to] = reads[0] as [number, number, number];
    expect(to - from).toBe(JSON.stringify(bodyOf(BODY_CHUNK + 5)).length);
    // Ids are shared across rows read alone too.
    const a = bodies.get(BODY_CHUNK) as { itemId: string };
    const b = bodies.get(BODY_CHUNK + 1) as { itemId: string };
    expect(a.itemId).toBe(b.itemId);
    const written = bodies.chunk(1, rows);
    expect(written.bytes).toBe((lists[1] as { bytes: Uint8Array }).bytes);
    expect(written.starts).toEqual((lists[1] as { starts: Int32Array }).starts);
  });

  it('given bodies with characters of every UTF-8 length, when listed, then each element parses alone from where it starts, and a scan of the bytes finds the same starts', () => {
    const values = [
      { text: 'plain' },
      'caf\u00e9 \u2013 \u201cquoted\u201d, [brackets] {braces} "quotes" \\ back',
      7,
      null,
      ['\uD83D\uDE00 emoji', { nested: [1, 2, { deep: ',' }] }],
      'a \uD800 lone surrogate',
      '',
    ];
    const list = jsonList(values);
    expect(new TextDecoder().decode(list.bytes)).toBe(JSON.stringify(values));
    expect(list.starts).toHaveLength(values.length + 1);
    values.forEach((value, i) => {
      const bytes = list.bytes.subarray(list.starts[i], (list.starts[i + 1] as number) - 1);
      expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(JSON.parse(JSON.stringify(value)));
    });
    expect(listStarts(list.bytes)).toEqual(list.starts);
    expect(listStarts(jsonList([]).bytes)).toEqual(jsonList([]).starts);
  });
});
