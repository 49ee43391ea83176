// IDX files (the MNIST format): a big-endian header 00 00 <dtype> <ndims>, one uint32 per dimension, then the data.
// Only unsigned bytes (dtype 0x08) are supported: 3-D for images, 1-D for labels. Gzipped files are inflated first.

import { DatasetError, hex32 } from './errors.ts';
import { maybeGunzip } from './gzip.ts';

export const IDX_UBYTE = 0x08;
/** Largest data part accepted (1 GiB): far above any bundled dataset, well below what a browser tab can hold. */
export const IDX_MAX_BYTES = 1 << 30;

export interface IdxImages {
  count: number;
  height: number;
  width: number;
  /** count * height * width bytes, image after image, each row-major. */
  pixels: Uint8Array;
}

const KIND = { 1: 'an IDX label file', 3: 'an IDX image file' } as const;

/** Parses the header and returns the dimensions and the data bytes (a view, not a copy). */
function parseIdx(raw: Uint8Array, fileName: string, ndims: 1 | 3): { dims: number[]; data: Uint8Array } {
  const bytes = maybeGunzip(raw, fileName);
  const expected = 0x800 | ndims;
  if (bytes.length < 4) {
    throw new DatasetError('truncated', fileName, `only ${bytes.length} bytes, too short for an IDX header; the file is cut off or empty.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[3] !== ndims) {
    throw new DatasetError(
      'bad-magic',
      fileName,
      `wrong magic number ${hex32(magic)} (expected ${hex32(expected)} for ${KIND[ndims]}); is this really an IDX file?`,
    );
  }
  if (bytes[2] !== IDX_UBYTE) {
    throw new DatasetError(
      'bad-dtype',
      fileName,
      `element type 0x${(bytes[2] ?? 0).toString(16).padStart(2, '0')} is not supported (expected 0x08, unsigned bytes); convert the file to 8-bit values.`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DatasetError('truncated', fileName, `only ${bytes.length} bytes, but the header alone needs ${headerBytes}; the file is cut off.`);
  }
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i);
    dims.push(d);
    size *= d;
  }
  if (size > IDX_MAX_BYTES) {
    throw new DatasetError('too-large', fileName, `dimensions ${dims.join(' x ')} describe ${size} bytes, over the ${IDX_MAX_BYTES}-byte limit; use a smaller subset.`);
  }
  const available = bytes.length - headerBytes;
  if (available < size) {
    throw new DatasetError(
      'truncated',
      fileName,
      `header says ${dims.join(' x ')} = ${size} bytes of data but only ${available} are present; the file is cut off, download it again.`,
    );
  }
  if (available > size) {
    throw new DatasetError(
      'trailing-data',
      fileName,
      `header says ${dims.join(' x ')} = ${size} bytes of data but ${available} are present; the header and the data disagree, is the file corrupt?`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, headerBytes + size) };
}

export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  const { dims, data } = parseIdx(bytes, fileName, 3);
  const [count = 0, height = 0, width = 0] = dims;
  if (count > 0 && (height === 0 || width === 0)) {
    throw new DatasetError('not-an-image', fileName, `images of ${height} x ${width} pixels are empty; the header is wrong.`);
  }
  return { count, height, width, pixels: data };
}

export function parseIdxLabels(bytes: Uint8Array, fileName: string): Uint8Array {
  return parseIdx(bytes, fileName, 1).data;
}

/** Checks that an image file and a label file describe the same number of examples. */
export function pairImagesLabels(
  images: IdxImages,
  labels: Uint8Array,
  names: { images: string; labels: string },
): { images: IdxImages; labels: Uint8Array } {
  if (images.count !== labels.length) {
    throw new DatasetError(
      'count-mismatch',
      names.images,
      `has ${images.count} images but ${names.labels} has ${labels.length} labels; use the label file that belongs to these images.`,
    );
  }
  return { images, labels };
}

/** Writes an unsigned-byte IDX file with the given dimensions (data.length must equal their product). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new RangeError(`encodeIdx: dimensions ${dims.join(' x ')} need ${size} bytes, got ${data.length}`);
  if (dims.length < 1 || dims.length > 255) throw new RangeError(`encodeIdx: ${dims.length} dimensions`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

export function encodeIdxImages(images: IdxImages): Uint8Array {
  return encodeIdx([images.count, images.height, images.width], images.pixels);
}

export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  return encodeIdx([labels.length], labels);
}
