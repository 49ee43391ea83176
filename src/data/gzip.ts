// Transparent gunzip: bytes that start with the gzip magic 1f 8b are inflated, anything else passes through.
// Inflating streams with a running cap (a gzip bomb stops at the cap, not after filling memory), and the trailer's
// CRC-32 and size are verified, as gzip, zlib and Python do.

import { Gunzip } from 'fflate';
import { crc32 } from '../model/crc32.ts';
import { DatasetError } from './errors.ts';

/** Largest inflated size accepted: the IDX limit (EMNIST ByClass's 547 MB of images fit), far above any CIFAR file. */
export const GUNZIP_MAX_BYTES = 1 << 30;
/** Input fed per push: deflate expands at most ~1032x, so the cap is overshot by at most ~16 MiB (smaller pushes cost time). */
const CHUNK = 16 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * Inflates gzip input, throwing a 'too-large' DatasetError as soon as the output passes `maxBytes` and a
 * 'bad-archive' one when it is corrupt or its trailer (CRC-32, size) does not match; other bytes are returned as they are.
 */
export function maybeGunzip(bytes: Uint8Array, fileName: string, maxBytes = GUNZIP_MAX_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const bad = (why: string) => new DatasetError('bad-archive', fileName, `starts like a gzip file but ${why}; download it again.`);
  if (bytes.length < 18) throw bad(`is only ${bytes.length} bytes, shorter than a gzip header and trailer`);
  const tooLarge = (n: number) => new DatasetError('too-large', fileName, `inflates to more than ${maxBytes} bytes (${n} so far); the limit guards against compressed bombs, unpack it yourself if it is genuine.`);
  const chunks: Uint8Array[] = [];
  const memberStarts: number[] = [];
  let total = 0;
  let over: DatasetError | null = null;
  const stream = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > maxBytes) over ??= tooLarge(total);
    else chunks.push(chunk);
  });
  stream.onmember = (offset) => memberStarts.push(offset); // called for the second member on
  try {
    for (let at = 0; at < bytes.length && !over; at += CHUNK) stream.push(bytes.subarray(at, at + CHUNK), at + CHUNK >= bytes.length);
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw bad(`cannot be decompressed (${e instanceof Error ? e.message : String(e)})`);
  }
  if (over) throw over;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  // A single member's trailer covers the whole output; several members (rare) are checked by their sizes' sum.
  if (memberStarts.length === 0) {
    const crc = u32le(bytes, bytes.length - 8);
    const size = u32le(bytes, bytes.length - 4);
    if (size !== total >>> 0) throw bad(`its trailer declares ${size} bytes while the data inflates to ${total} (the file is damaged or cut off)`);
    if (crc32(out) !== crc) throw bad(`its CRC-32 does not match the data (the file is damaged)`);
  }
  return out;
}
