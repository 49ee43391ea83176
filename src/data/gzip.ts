// Transparent gunzip: bytes that start with the gzip magic 1f 8b are inflated, anything else passes through.

import { gunzipSync } from 'fflate';
import { DatasetError } from './errors.ts';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip input (throwing a 'bad-archive' DatasetError when it is corrupt); other bytes are returned as they are. */
export function maybeGunzip(bytes: Uint8Array, fileName: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DatasetError('bad-archive', fileName, `starts like a gzip file but cannot be decompressed (${why}); download it again.`);
  }
}
