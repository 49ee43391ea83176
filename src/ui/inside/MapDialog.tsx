// One activation map (or kernel) enlarged in a modal dialog, with its value range and a read-out of the value under
// the pointer. It stays live: the parent passes the newest plane.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { paintValues, valueRange, type ColorScale } from './colorScale.ts';
import { PixelCanvas } from './PixelCanvas.tsx';
import { ScaleLegend } from './ScaleLegend.tsx';
import type { Plane } from './tiles.ts';

export interface EnlargedMap {
  title: string;
  plane: Plane;
  scale: ColorScale;
}

const SIZE = 336;

export function MapDialog({ map, onClose }: { map: EnlargedMap; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const { plane, scale } = map;
  const range = valueRange(plane.values);
  const value = hover ? plane.values[hover.y * plane.width + hover.x] : undefined;

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) / r.width) * plane.width);
    const y = Math.floor(((e.clientY - r.top) / r.height) * plane.height);
    setHover(x >= 0 && y >= 0 && x < plane.width && y < plane.height ? { x, y } : null);
  };

  return (
    <dialog ref={ref} className="map-dialog" aria-label={map.title} onClose={onClose} data-testid="map-dialog">
      <header className="banner-head">
        <h3>{map.title}</h3>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close the enlarged map">
          ×
        </button>
      </header>
      <div className="map-big" onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
        <PixelCanvas width={plane.width} height={plane.height} pixels={paintValues(plane.values, scale)} label={map.title} displayWidth={plane.width >= plane.height ? SIZE : Math.round((SIZE * plane.width) / plane.height)} />
      </div>
      <p className="map-stats">
        <ScaleLegend scale={scale} />
        <span>
          {plane.width}×{plane.height} · values {range.min.toPrecision(3)} to {range.max.toPrecision(3)}
        </span>
        <span aria-live="polite">{hover && value !== undefined && !Number.isNaN(value) ? `(${hover.x}, ${hover.y}) = ${value.toPrecision(4)}` : ' '}</span>
      </p>
    </dialog>
  );
}
