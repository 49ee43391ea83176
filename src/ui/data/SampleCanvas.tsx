// One example drawn pixel for pixel into a canvas (scaled up by CSS with crisp edges).
import { useEffect, useRef } from 'react';
import { toRgba } from './pixels.ts';

export function SampleCanvas(props: { pixels: Uint8Array; height: number; width: number; channels: number; size: number; label: string; testId?: string }) {
  const { pixels, height, width, channels, size, label, testId } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context || pixels.length !== height * width * channels) return;
    context.putImageData(new ImageData(toRgba(pixels, height, width, channels), width, height), 0, 0);
  }, [pixels, height, width, channels]);
  return <canvas ref={ref} className="sample-canvas" width={width} height={height} style={{ width: size, height: size }} role="img" aria-label={label} data-testid={testId} />;
}
