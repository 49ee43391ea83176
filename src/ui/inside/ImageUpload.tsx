// Upload a picture for any dataset: cropped to the input's aspect ratio, resized by area averaging to the input size,
// converted to grey or RGB; dark-on-light pictures are inverted for grey inputs (MNIST digits are light on black).
import { useState, type ChangeEvent } from 'react';
import { borderBrightness, coverCrop, resample, rgbaToInput } from './preprocess.ts';

/** The intermediate canvas is at most this many times the input size (a big photo is shrunk by the browser first). */
const OVERSAMPLE = 8;

export interface Upload {
  name: string;
  /** Resized RGBA pixels, kept so the invert switch can convert again. */
  rgba: Uint8ClampedArray;
}

async function resizeUpload(file: File, height: number, width: number): Promise<Uint8ClampedArray> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`"${file.name}" could not be read as an image (${file.type || 'unknown type'}); pick a PNG, JPEG, GIF or WebP picture.`);
  }
  const crop = coverCrop(bitmap.width, bitmap.height, width, height);
  const iw = Math.max(width, Math.min(Math.round(crop.width), width * OVERSAMPLE));
  const ih = Math.max(height, Math.min(Math.round(crop.height), height * OVERSAMPLE));
  const canvas = document.createElement('canvas');
  canvas.width = iw;
  canvas.height = ih;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser could not give a 2D canvas to resize the picture.');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, iw, ih);
  bitmap.close();
  const small = resample(ctx.getImageData(0, 0, iw, ih).data, iw, ih, width, height, 4);
  return Uint8ClampedArray.from(small, (v) => Math.round(v));
}

export interface ImageUploadProps {
  height: number;
  width: number;
  channels: number;
  onChange(pixels: Uint8Array, name: string): void;
}

export function ImageUpload({ height, width, channels, onChange }: ImageUploadProps) {
  const [upload, setUpload] = useState<Upload | null>(null);
  const [invert, setInvert] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const convert = (u: Upload, inv: boolean) => {
    try {
      onChange(rgbaToInput(u.rgba, width, height, channels, inv), u.name);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const rgba = await resizeUpload(file, height, width);
      const u = { name: file.name, rgba };
      const inv = channels === 1 && borderBrightness(rgba, width, height) > 127;
      setUpload(u);
      setInvert(inv);
      convert(u, inv);
    } catch (err) {
      // The previous upload (if any) stays as it was.
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="image-upload">
      <label className="button">
        Upload an image…
        <input type="file" accept="image/*" className="visually-hidden" onChange={(e) => void onFile(e)} data-testid="image-upload" />
      </label>
      {upload && <span className="inside-note">{upload.name}</span>}
      {upload && channels === 1 && (
        <label className="field">
          <input
            type="checkbox"
            checked={invert}
            onChange={(e) => {
              setInvert(e.target.checked);
              convert(upload, e.target.checked);
            }}
          />
          Invert (dark ink on light paper)
        </label>
      )}
      {error && (
        <p className="issue issue-error" role="alert" data-testid="upload-error">
          {error}
        </p>
      )}
    </div>
  );
}
