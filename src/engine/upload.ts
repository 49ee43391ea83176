// Uploaded files inside the worker: reading the picked Blobs, and an image decoder that adds the browser's own
// decoders (GIF, WebP, BMP) to the pure PNG/JPEG ones, so the same parse runs in the worker and in Node tests.

import { DatasetError } from '../data/errors.ts';
import { checkImageHeader } from '../data/imageHeader.ts';
import { decodeImage, sniffImage, type RasterImage } from '../data/raster.ts';
import { UPLOAD_MAX_BYTES, type UploadFile } from '../data/upload.ts';

/** A file as the UI hands it over: its name (or path inside a picked folder) and its contents, not yet read. */
export interface UploadSource {
  name: string;
  blob: Blob;
}

/** Reads every Blob, refusing an upload over the size limit before reading anything. */
export async function readUploadSources(sources: readonly UploadSource[]): Promise<UploadFile[]> {
  const total = sources.reduce((n, s) => n + s.blob.size, 0);
  if (total > UPLOAD_MAX_BYTES) {
    throw new DatasetError('too-large', sources.length === 1 ? sources[0]!.name : 'upload', `${total} bytes in all is over the ${UPLOAD_MAX_BYTES}-byte upload limit; use a subset.`);
  }
  return Promise.all(sources.map(async (s) => ({ name: s.name, bytes: new Uint8Array(await s.blob.arrayBuffer()) })));
}

/** PNG and JPEG through the pure decoders; the other formats the browser knows through createImageBitmap. */
export async function decodeImageAnywhere(bytes: Uint8Array, fileName: string): Promise<RasterImage> {
  const kind = sniffImage(bytes);
  if (kind === 'png' || kind === 'jpeg' || kind === null || typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    return decodeImage(bytes, fileName);
  }
  checkImageHeader(bytes, kind, fileName); // before the browser's decoder allocates the declared size
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: `image/${kind}` }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DatasetError('not-an-image', fileName, `looks like a ${kind.toUpperCase()} image but cannot be decoded (${why}); save it again as PNG.`);
  }
  if (bitmap.width * bitmap.height === 0) throw new DatasetError('not-an-image', fileName, `is an empty ${bitmap.width}x${bitmap.height} image; remove it or save the picture again.`);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('OffscreenCanvas has no 2d context in this browser');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, channels: 4, data };
}
