/**
 * Checks that bytes are a well-formed PNG file and reads its size, without decoding the
 * pixels: signature, IHDR first with sane values, every chunk's length and CRC, at least
 * one IDAT, and IEND last. Enough to refuse anything that is not a PNG (or is truncated)
 * before it is stored and served as image/png.
 */
import { crc32 } from "node:zlib";

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

export class PngError extends Error {
  override name = "PngError";
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Allowed bit depths per colour type (PNG spec, table 11.1). */
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Reads only the signature and IHDR: the declared size (for an early limit check). */
export function readPngHeader(bytes: Uint8Array): PngInfo {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError("is not a PNG file (wrong signature)");
  if (buf.length < 8 + 8 + 13 + 4) throw new PngError("is truncated (no complete IHDR chunk)");
  const length = buf.readUInt32BE(8);
  const type = buf.toString("latin1", 12, 16);
  if (type !== "IHDR" || length !== 13) throw new PngError("is not a valid PNG (the first chunk must be a 13-byte IHDR)");
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24]!;
  const colorType = buf[25]!;
  if (width === 0 || height === 0) throw new PngError(`has an invalid size ${width}×${height}`);
  if (!DEPTHS[colorType]?.includes(bitDepth)) {
    throw new PngError(`has an invalid colour type ${colorType} / bit depth ${bitDepth}`);
  }
  return { width, height, bitDepth, colorType };
}

/** Full structural check; returns the header. Throws PngError saying what is wrong. */
export function checkPng(bytes: Uint8Array): PngInfo {
  const info = readPngHeader(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let sawIdat = false;
  let sawIend = false;
  let index = 0;
  while (offset < buf.length) {
    if (sawIend) throw new PngError("has data after the IEND chunk");
    if (offset + 12 > buf.length) throw new PngError(`is truncated (chunk ${index} is incomplete)`);
    const length = buf.readUInt32BE(offset);
    const type = buf.toString("latin1", offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError(`is corrupt (chunk ${index} has an invalid type)`);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > buf.length) throw new PngError(`is truncated (chunk ${index} "${type}" is incomplete)`);
    const crc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== crc) {
      throw new PngError(`is corrupt (chunk ${index} "${type}" fails its CRC check)`);
    }
    if (type === "IDAT") sawIdat = true;
    if (type === "IEND") sawIend = true;
    offset = end;
    index++;
  }
  if (!sawIdat) throw new PngError("has no image data (no IDAT chunk)");
  if (!sawIend) throw new PngError("is truncated (no IEND chunk)");
  return info;
}
