// Reading .zip archives (fflate) with size limits checked against the central directory before anything is inflated,
// so a zip bomb is refused instead of filling the tab's memory.

import { unzipSync } from 'fflate';
import { DatasetError } from './errors.ts';

/** Largest archive accepted, packed or unpacked: far above a folder of training images, below what a tab can hold. */
export const ZIP_MAX_BYTES = 512 * 1024 * 1024;

export interface ArchiveFile {
  /** Path inside the archive, '/'-separated; directories end in '/' and have no bytes. */
  path: string;
  bytes: Uint8Array;
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header PK\3\4, or the end-of-central-directory record PK\5\6 of an empty archive.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** Every entry of a zip archive (directories included, with empty bytes); throws 'too-large' or 'bad-archive'. */
export function readZip(bytes: Uint8Array, fileName: string, maxBytes = ZIP_MAX_BYTES): ArchiveFile[] {
  if (bytes.length > maxBytes) {
    throw new DatasetError('too-large', fileName, `${bytes.length} bytes is over the ${maxBytes}-byte archive limit; zip fewer or smaller images.`);
  }
  let unpacked = 0;
  let tooLarge: DatasetError | null = null;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter(file) {
        unpacked += file.originalSize;
        if (unpacked > maxBytes && !tooLarge) {
          tooLarge = new DatasetError('too-large', fileName, `unpacks to more than ${maxBytes} bytes (the archive's directory declares at least ${unpacked}); zip fewer or smaller images.`);
        }
        return !tooLarge;
      },
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DatasetError('bad-archive', fileName, `cannot be read as a zip archive (${why}); is it complete? Create the .zip again.`);
  }
  if (tooLarge) throw tooLarge;
  return Object.entries(entries).map(([path, data]) => ({ path, bytes: data }));
}
