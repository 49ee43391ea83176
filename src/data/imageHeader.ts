// An image's declared size read from its header alone (PNG IHDR, JPEG SOF, BMP info header, GIF screen descriptor,
// WebP VP8/VP8L/VP8X), so a small file declaring 20000x20000 pixels, or 0x0, is refused before any decoding.

import { DatasetError } from './errors.ts';
import type { ImageKind } from './raster.ts';

/** Largest decoded image accepted, in megapixels: a photo from a phone is ~12, a training image far less. */
export const MAX_IMAGE_MEGAPIXELS = 50;

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const i32le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24);
const u32be = (b: Uint8Array, i: number) => (u16be(b, i) * 65536 + u16be(b, i + 2)) >>> 0;

/** The width and height a header declares, or null when the header is cut off or has no size where it should. */
export function declaredImageSize(bytes: Uint8Array, kind: ImageKind): { width: number; height: number } | null {
  switch (kind) {
    case 'png':
      // signature (8), IHDR length (4) and type (4), then width and height as big-endian u32
      return bytes.length >= 24 ? { width: u32be(bytes, 16), height: u32be(bytes, 20) } : null;
    case 'gif':
      return bytes.length >= 10 ? { width: u16le(bytes, 6), height: u16le(bytes, 8) } : null;
    case 'bmp':
      // BITMAPINFOHEADER: width and height are signed (a negative height is a top-down image); the old core header has u16s
      if (bytes.length < 26) return null;
      if (i32le(bytes, 14) === 12) return { width: u16le(bytes, 18), height: u16le(bytes, 20) };
      return { width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)) };
    case 'webp': {
      const chunk = String.fromCharCode(...bytes.subarray(12, 16));
      if (chunk === 'VP8X' && bytes.length >= 30) return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
      if (chunk === 'VP8L' && bytes.length >= 25) {
        const bits = ((bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24)) >>> 0;
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8 ' && bytes.length >= 30) return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
      return null;
    }
    case 'jpeg': {
      // Walk the markers to the first start-of-frame (SOF0..SOF15 except DHT C4, JPG C8, DAC CC).
      let at = 2;
      while (at + 9 < bytes.length) {
        if (bytes[at] !== 0xff) return null;
        const marker = bytes[at + 1]!;
        if (marker === 0xff) {
          at++;
          continue;
        }
        if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
          at += 2;
          continue;
        }
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: u16be(bytes, at + 5), width: u16be(bytes, at + 7) };
        at += 2 + u16be(bytes, at + 2);
      }
      return null;
    }
    default:
      return kind satisfies never;
  }
}

/** Refuses an image whose header declares no pixels, or more than the megapixel limit, naming the file. */
export function checkImageHeader(bytes: Uint8Array, kind: ImageKind, fileName: string): void {
  const size = declaredImageSize(bytes, kind);
  if (!size) return; // a header without a size is the decoder's to refuse, with its own reason
  if (size.width === 0 || size.height === 0) {
    throw new DatasetError('not-an-image', fileName, `is an empty ${size.width}x${size.height} ${kind.toUpperCase()} image; remove it or save the picture again.`);
  }
  if (size.width * size.height > MAX_IMAGE_MEGAPIXELS * 1e6) {
    throw new DatasetError('too-large', fileName, `declares ${size.width}x${size.height} pixels, over the ${MAX_IMAGE_MEGAPIXELS}-megapixel limit; shrink it first.`);
  }
}
