import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';

/** A workbook with one sheet filled by `fill`, as bytes. */
export async function xlsxBytes(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Plan'));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** `size` bytes of spaces, deflated in 1 MB pieces (never held whole). */
async function deflatedSpaces(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const piece = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < size; written += piece.length) {
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/**
 * A zip bomb of modest size: one part `xl/worksheets/sheet1.xml` that inflates to `size` bytes.
 * `declared` is what its directory says it unpacks to (honest, or a lie to slip past a check of
 * the directory alone). CRC left 0: nothing should get far enough to check it.
 */
export async function zipBomb(size: number, declared: number = size): Promise<Uint8Array> {
  const data = await deflatedSpaces(size);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}

/** Bytes that look like nothing (a fixed sequence, so every run reads the same file). */
export const randomBytes = (length: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 7919 + 13 + ((i * i) >> 3)) % 256);
