// One dataset image drawn at its own resolution into a canvas (scaled up by CSS with square pixels).
import { useEffect, useRef } from 'react';
import { toRgba } from './results.ts';

export interface ExampleImageProps {
  /** Concatenated NHWC uint8 images. */
  pixels: Uint8Array;
  /** Which image of `pixels`. */
  k: number;
  shape: [number, number, number];
  label: string;
  size?: number;
}

export function ExampleImage({ pixels, k, shape, label, size = 56 }: ExampleImageProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current!;
    const [h, w, c] = shape;
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')?.putImageData(new ImageData(toRgba(pixels, k, h, w, c), w, h), 0, 0);
  }, [pixels, k, shape]);
  return <canvas ref={ref} className="example-image" style={{ width: size, height: size }} role="img" aria-label={label} />;
}
