// A canvas showing RGBA pixels at their own resolution, scaled up by CSS without smoothing: one putImageData per
// update, no per-pixel DOM.
import { useEffect, useRef } from 'react';

export interface PixelCanvasProps {
  width: number;
  height: number;
  /** width * height * 4 RGBA bytes. */
  pixels: Uint8ClampedArray;
  label: string;
  /** CSS width in pixels (the height follows the aspect ratio). */
  displayWidth: number;
  testId?: string;
}

export function PixelCanvas({ width, height, pixels, label, displayWidth, testId }: PixelCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || pixels.length !== width * height * 4 || width === 0 || height === 0) return;
    // ImageData wants an ArrayBuffer-backed array; ours always are (never views of shared memory).
    ctx.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  }, [pixels, width, height]);
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      width={width}
      height={height}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: displayWidth, height: Math.round((displayWidth * height) / width) }}
    />
  );
}
