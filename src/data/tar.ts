// A minimal reader for ustar/POSIX tar archives: 512-byte headers, octal sizes, regular files only.

import { DatasetError } from './errors.ts';

export interface TarEntry {
  /** Full path inside the archive (ustar prefix joined). */
  path: string;
  data: Uint8Array;
}

function text(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const s = text(bytes, start, length).trim();
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : NaN;
}

/** Lists the regular files in a tar archive; throws 'bad-archive' on a damaged header or a cut-off entry. */
export function readTar(bytes: Uint8Array, fileName: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return entries; // end-of-archive marker
    const stored = octal(header, 148, 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    if (stored !== sum) {
      throw new DatasetError('bad-archive', fileName, `damaged tar header at byte ${offset} (checksum mismatch); is this really a tar archive? Download it again.`);
    }
    const size = octal(header, 124, 12);
    if (!Number.isFinite(size)) {
      throw new DatasetError('bad-archive', fileName, `tar header at byte ${offset} has an unreadable size field; download the archive again.`);
    }
    const type = String.fromCharCode(header[156] ?? 0);
    const name = text(header, 0, 100);
    const prefix = text(header, 257, 6) === 'ustar' ? text(header, 345, 155) : '';
    const start = offset + 512;
    if (start + size > bytes.length) {
      throw new DatasetError('truncated', fileName, `tar entry "${name}" needs ${size} bytes but the archive ends after ${bytes.length - start}; it is cut off, download it again.`);
    }
    if (type === '0' || type === '\0') entries.push({ path: prefix ? `${prefix}/${name}` : name, data: bytes.subarray(start, start + size) });
    offset = start + Math.ceil(size / 512) * 512;
  }
  if (offset !== bytes.length) {
    throw new DatasetError('truncated', fileName, `the tar archive ends in the middle of a header; it is cut off, download it again.`);
  }
  return entries;
}

/** Writes a ustar archive of regular files (for tests and tools); paths must be at most 100 ASCII characters. */
export function writeTar(files: readonly TarEntry[]): Uint8Array {
  const total = files.reduce((n, f) => n + 512 + Math.ceil(f.data.length / 512) * 512, 1024);
  const out = new Uint8Array(total);
  let offset = 0;
  const put = (s: string, at: number) => {
    for (let i = 0; i < s.length; i++) out[offset + at + i] = s.charCodeAt(i);
  };
  for (const f of files) {
    if (f.path.length > 100) throw new RangeError(`writeTar: path too long: ${f.path}`);
    put(f.path, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(f.data.length.toString(8).padStart(11, '0') + '\0', 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put('0', 156);
    put('ustar\0' + '00', 257);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += out[offset + i] ?? 0;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    out.set(f.data, offset + 512);
    offset += 512 + Math.ceil(f.data.length / 512) * 512;
  }
  return out;
}
