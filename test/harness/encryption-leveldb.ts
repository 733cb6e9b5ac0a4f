// Reads the data blocks of a LevelDB table file (.ldb/.sst) as plain bytes, Snappy blocks
// decompressed, so the on-disk encryption test can byte-search what Chromium's IndexedDB compacted
// into tables: a Snappy block keeps a repeated substring only as a back-reference, so a raw byte
// search of a compressed table can miss plain text that is there.
// Format: https://github.com/google/leveldb/blob/main/doc/table_format.md (footer, index block,
// block trailer) and https://github.com/google/snappy/blob/main/format_description.txt.

const FOOTER_BYTES = 48;
const TABLE_MAGIC = 0xdb4775248b80fb57n;
const BLOCK_TRAILER_BYTES = 5;

export interface TableBlocks {
  /** Every data block, decompressed. */
  readonly blocks: Buffer[];
  /** How many of them were Snappy-compressed on disk. */
  readonly compressed: number;
}

function varint(bytes: Buffer, start: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let pos = start;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: pos };
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

/** Decompresses one raw Snappy block (no framing). */
export function snappyDecompress(input: Buffer): Buffer {
  const header = varint(input, 0);
  const out = Buffer.alloc(header.value);
  let pos = header.next;
  let op = 0;
  while (pos < input.length) {
    const tag = input[pos++] ?? 0;
    let length: number;
    let offset = 0;
    switch (tag & 3) {
      case 0: {
        const n = tag >> 2;
        if (n < 60) length = n + 1;
        else {
          const extra = n - 59;
          length = input.readUIntLE(pos, extra) + 1;
          pos += extra;
        }
        input.copy(out, op, pos, pos + length);
        pos += length;
        op += length;
        continue;
      }
      case 1:
        length = ((tag >> 2) & 7) + 4;
        offset = ((tag >> 5) << 8) | (input[pos++] ?? 0);
        break;
      case 2:
        length = (tag >> 2) + 1;
        offset = input.readUInt16LE(pos);
        pos += 2;
        break;
      default:
        length = (tag >> 2) + 1;
        offset = input.readUInt32LE(pos);
        pos += 4;
    }
    if (offset === 0 || offset > op) throw new Error('snappy: bad copy offset');
    for (let i = 0; i < length; i++, op++) out[op] = out[op - offset] ?? 0;
  }
  if (op !== out.length) throw new Error(`snappy: decompressed ${op} bytes, header said ${out.length}`);
  return out;
}

function readBlock(file: Buffer, offset: number, size: number): { contents: Buffer; compressed: boolean } {
  const raw = file.subarray(offset, offset + size);
  const type = file[offset + size];
  switch (type) {
    case 0:
      return { contents: raw, compressed: false };
    case 1:
      return { contents: snappyDecompress(raw), compressed: true };
    case undefined:
      throw new Error('leveldb: block trailer beyond end of file');
    default:
      throw new Error(`leveldb: unsupported block compression type ${String(type)}`);
  }
}

/** The values of a block's entries (for the index block: handles of the data blocks). */
function blockValues(block: Buffer): Buffer[] {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  if (end < 0) throw new Error('leveldb: bad restart array');
  const values: Buffer[] = [];
  let pos = 0;
  while (pos < end) {
    const shared = varint(block, pos);
    const unshared = varint(block, shared.next);
    const valueLength = varint(block, unshared.next);
    const valueStart = valueLength.next + unshared.value;
    values.push(block.subarray(valueStart, valueStart + valueLength.value));
    pos = valueStart + valueLength.value;
  }
  return values;
}

/** Reads every data block of a LevelDB table file; throws on anything that is not one. */
export function readTableBlocks(file: Buffer): TableBlocks {
  if (file.length < FOOTER_BYTES || file.readBigUInt64LE(file.length - 8) !== TABLE_MAGIC) throw new Error('not a leveldb table');
  const footer = file.subarray(file.length - FOOTER_BYTES);
  const metaOffset = varint(footer, 0);
  const metaSize = varint(footer, metaOffset.next);
  const indexOffset = varint(footer, metaSize.next);
  const indexSize = varint(footer, indexOffset.next);
  const index = readBlock(file, indexOffset.value, indexSize.value).contents;
  const blocks: Buffer[] = [];
  let compressed = 0;
  for (const handle of blockValues(index)) {
    const offset = varint(handle, 0);
    const size = varint(handle, offset.next);
    if (offset.value + size.value + BLOCK_TRAILER_BYTES > file.length) throw new Error('leveldb: block beyond end of file');
    const block = readBlock(file, offset.value, size.value);
    blocks.push(block.contents);
    if (block.compressed) compressed++;
  }
  return { blocks, compressed };
}
