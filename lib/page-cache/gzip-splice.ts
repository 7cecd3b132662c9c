import zlib from "node:zlib";

/**
 * A body kept as compressed pieces with gaps between them, answered as one
 * gzip stream with fresh bytes in each gap: a cached page gets a new CSP nonce
 * on every answer without compressing the page again.
 *
 * Each piece is its own raw-deflate stream ended by a full flush (byte-aligned
 * and referring to nothing before it), so pieces and stored blocks can follow
 * one another in any order; an empty final block closes the stream, and the
 * CRC-32 of the whole is chained piece by piece (zlib.crc32 takes the running
 * value).
 */
export interface SplicedBody {
  /** Compressed pieces: body = piece0 + gap + piece1 + gap + … + pieceN. */
  pieces: Buffer[];
  /** Uncompressed pieces, for the CRC and length (and clients that take no gzip). */
  plain: Buffer[];
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** A final, empty block with fixed Huffman codes: BFINAL=1, BTYPE=01, end-of-block. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** Splits `body` at every occurrence of `gap` and compresses the pieces once. */
export function spliceable(body: Buffer, gap: string): SplicedBody {
  const plain: Buffer[] = [];
  const marker = Buffer.from(gap);
  let from = 0;
  for (let at = gap ? body.indexOf(marker, from) : -1; at !== -1; at = body.indexOf(marker, from)) {
    plain.push(body.subarray(from, at));
    from = at + marker.length;
  }
  plain.push(body.subarray(from));
  const pieces = plain.map((p) => zlib.deflateRawSync(p, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH }));
  return { pieces, plain };
}

/** One uncompressed (stored) deflate block, not final. */
function storedBlock(data: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = 0x00;
  header.writeUInt16LE(data.length, 1);
  header.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([header, data]);
}

/** The gzip stream of the body with `fill` in every gap. `fill` must be under 64 kB. */
export function gzipWith(body: SplicedBody, fill: string): Buffer {
  const fillBytes = Buffer.from(fill);
  const fillBlock = storedBlock(fillBytes);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  body.pieces.forEach((piece, i) => {
    if (i > 0) {
      parts.push(fillBlock);
      crc = zlib.crc32(fillBytes, crc);
      length += fillBytes.length;
    }
    parts.push(piece);
    crc = zlib.crc32(body.plain[i]!, crc);
    length += body.plain[i]!.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  parts.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** The body with `fill` in every gap, uncompressed. */
export function plainWith(body: SplicedBody, fill: string): Buffer {
  const fillBytes = Buffer.from(fill);
  const parts: Buffer[] = [];
  body.plain.forEach((piece, i) => {
    if (i > 0) parts.push(fillBytes);
    parts.push(piece);
  });
  return Buffer.concat(parts);
}
