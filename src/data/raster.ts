// Image files to training pixels: PNG (fast-png) and JPEG (jpeg-js) decoding, conversion to grayscale or RGB, and
// resizing to the network's input size. Pure (no DOM), so the worker, Node and the tests share one code path.

import { decode as decodeJpeg } from 'jpeg-js';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { DatasetError } from './errors.ts';
import { checkImageHeader, MAX_IMAGE_MEGAPIXELS } from './imageHeader.ts';
import type { RasterImage } from './sprite.ts';

export type { RasterImage };

export { MAX_IMAGE_MEGAPIXELS };

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** The image format from the file's first bytes (its signature), or null when it is not a known image format. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'gif';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'bmp';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return 'webp';
  return null;
}

/** "89 50 4e 47": the first bytes of a file, for messages about files that are not what they claim. */
export function leadingBytes(bytes: Uint8Array, n = 4): string {
  return [...bytes.subarray(0, n)].map((v) => v.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}

function notAnImage(fileName: string, detail: string): DatasetError {
  return new DatasetError('not-an-image', fileName, detail);
}

/** Decodes a PNG or JPEG file to 8-bit samples (1 to 4 per pixel); anything else is a 'not-an-image' DatasetError. */
export function decodeImage(bytes: Uint8Array, fileName: string): RasterImage {
  const kind = sniffImage(bytes);
  if (kind === 'png' || kind === 'jpeg') checkImageHeader(bytes, kind, fileName); // the declared size before decoding
  try {
    if (kind === 'png') return decodePngRaster(bytes, fileName);
    if (kind === 'jpeg') {
      const img = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
      return { width: img.width, height: img.height, channels: 3, data: img.data };
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw notAnImage(fileName, `looks like a ${kind?.toUpperCase()} image but cannot be decoded (${why}); the file is damaged, save it again.`);
  }
  if (kind) throw notAnImage(fileName, `is a ${kind.toUpperCase()} image, which can only be read in the browser; convert it to PNG or JPEG.`);
  throw notAnImage(fileName, `is not an image (it starts with bytes ${leadingBytes(bytes)}, not a PNG or JPEG signature); remove it from the class folder.`);
}

function decodePngRaster(bytes: Uint8Array, fileName: string): RasterImage {
  const png = decodePng(bytes);
  if (png.width * png.height === 0) throw notAnImage(fileName, `is an empty ${png.width}x${png.height} PNG image; remove it or save the picture again.`);
  if (png.width * png.height > MAX_IMAGE_MEGAPIXELS * 1e6) {
    throw new DatasetError('too-large', fileName, `is ${png.width}x${png.height} pixels, over the ${MAX_IMAGE_MEGAPIXELS}-megapixel limit; shrink it first.`);
  }
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return { width: png.width, height: png.height, channels: rgb.length / (png.width * png.height), data: rgb };
  }
  const samples = png.width * png.height * png.channels;
  if (png.data.length !== samples) throw notAnImage(fileName, `has ${png.data.length} samples for ${png.width}x${png.height}x${png.channels}; use an 8- or 16-bit PNG.`);
  if (png.depth === 8) return { width: png.width, height: png.height, channels: png.channels, data: png.data };
  // 1, 2, 4 or 16 bits per sample: rescale to 0..255.
  const max = 2 ** png.depth - 1;
  const out = new Uint8Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(((png.data[i] ?? 0) * 255) / max);
  return { width: png.width, height: png.height, channels: png.channels, data: out };
}

/**
 * A decoded image as `channels` (1 or 3) interleaved bytes per pixel. Gray from colour is the ITU-R BT.601 luma
 * Y = 0.299 R + 0.587 G + 0.114 B; colour from gray repeats it. Alpha composites over black, as MNIST's strokes
 * are light on dark.
 */
export function toChannels(image: RasterImage, channels: 1 | 3, fileName: string): Uint8Array {
  const { width, height, channels: src, data } = image;
  if (src < 1 || src > 4 || data.length !== width * height * src) {
    throw notAnImage(fileName, `decodes to ${data.length} samples for ${width}x${height} pixels with ${src} channels; save it as an 8-bit PNG or JPEG.`);
  }
  const pixels = width * height;
  const out = new Uint8Array(pixels * channels);
  const hasAlpha = src === 2 || src === 4;
  for (let p = 0; p < pixels; p++) {
    const at = p * src;
    const alpha = hasAlpha ? (data[at + src - 1] ?? 255) / 255 : 1;
    const r = data[at] ?? 0;
    const g = src >= 3 ? (data[at + 1] ?? 0) : r;
    const b = src >= 3 ? (data[at + 2] ?? 0) : r;
    if (channels === 1) {
      out[p] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * alpha);
    } else {
      out[p * 3] = Math.round(r * alpha);
      out[p * 3 + 1] = Math.round(g * alpha);
      out[p * 3 + 2] = Math.round(b * alpha);
    }
  }
  return out;
}

/**
 * 1-D resampling weights from n source samples to m: for m < n each output averages the source interval it covers
 * (area / box filter, exact fractional overlaps, no aliasing); for m ≥ n it interpolates linearly between source
 * centres (half-pixel centres, as align_corners=false), clamping at the edges.
 */
export function resampleWeights(n: number, m: number): Array<{ index: number; weight: number }[]> {
  const rows: Array<{ index: number; weight: number }[]> = [];
  const scale = n / m;
  for (let o = 0; o < m; o++) {
    const taps: { index: number; weight: number }[] = [];
    if (m < n) {
      const start = o * scale;
      const end = start + scale;
      for (let i = Math.floor(start); i < Math.ceil(end) && i < n; i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 1e-12) taps.push({ index: i, weight: overlap / scale });
      }
    } else {
      const x = Math.min(n - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const i0 = Math.floor(x);
      const t = x - i0;
      taps.push({ index: i0, weight: 1 - t });
      if (t > 0 && i0 + 1 < n) taps.push({ index: i0 + 1, weight: t });
    }
    rows.push(taps);
  }
  return rows;
}

/** Resizes interleaved HWC bytes to outHeight x outWidth (stretching, like torchvision's Resize((h, w))), separably. */
export function resizePixels(src: Uint8Array, height: number, width: number, channels: number, outHeight: number, outWidth: number): Uint8Array {
  if (src.length !== height * width * channels) throw new RangeError(`resizePixels: ${height}x${width}x${channels} needs ${height * width * channels} bytes, got ${src.length}`);
  if (height === outHeight && width === outWidth) return src.slice();
  const wx = resampleWeights(width, outWidth);
  const wy = resampleWeights(height, outHeight);
  // Horizontal pass into floats (height x outWidth), then vertical pass with rounding.
  const mid = new Float64Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      for (const { index, weight } of wx[x]!) {
        const s = (y * width + index) * channels;
        const d = (y * outWidth + x) * channels;
        for (let c = 0; c < channels; c++) mid[d + c]! += weight * src[s + c]!;
      }
    }
  }
  const out = new Uint8Array(outHeight * outWidth * channels);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const d = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) {
        let v = 0;
        for (const { index, weight } of wy[y]!) v += weight * mid[(index * outWidth + x) * channels + c]!;
        out[d + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}

/** A decoded image as the network's input: converted to 1 or 3 channels and resized. */
export function toInputPixels(image: RasterImage, size: { height: number; width: number; channels: 1 | 3 }, fileName: string): Uint8Array {
  return resizePixels(toChannels(image, size.channels, fileName), image.height, image.width, size.channels, size.height, size.width);
}
