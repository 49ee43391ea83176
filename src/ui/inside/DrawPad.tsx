// The drawing pad: draw with a mouse, finger or pen (pointer events with capture); each change is turned into the
// network's input MNIST-style (see preprocess.ts) at most once per animation frame.
import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { inkFromRgba, mnistPreprocess, resample } from './preprocess.ts';

const PAD = 224;
/** Stroke width on the pad: about MNIST's 2-3 pixel strokes once the digit is scaled into its 20-pixel box. */
const STROKE = 18;

/** The pad's ink as an h x w one-channel input, or null when the pad is empty. */
function padToInput(ctx: CanvasRenderingContext2D, h: number, w: number): Uint8Array | null {
  const ink = inkFromRgba(ctx.getImageData(0, 0, PAD, PAD).data, PAD, PAD);
  const side = Math.max(h, w);
  const square = mnistPreprocess(ink, PAD, PAD, side);
  if (!square || (h === side && w === side)) return square;
  return Uint8Array.from(resample(square, side, side, w, h), (v) => Math.round(v));
}

export function DrawPad({ height, width, onChange }: { height: number; width: number; onChange(pixels: Uint8Array | null): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const frame = useRef(0);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const context = () => ref.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const clear = () => {
    const ctx = context();
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
    onChangeRef.current(null);
  };

  useEffect(() => {
    const ctx = context();
    if (ctx) {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, PAD, PAD);
    }
    return () => cancelAnimationFrame(frame.current);
  }, []);

  const schedule = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const ctx = context();
      if (ctx) onChangeRef.current(padToInput(ctx, height, width));
    });
  };

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD };
  };

  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = context();
    if (!ctx || e.button > 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const { x, y } = point(e);
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.arc(x, y, STROKE / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x, y);
    schedule();
  };

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = context();
    if (!drawing.current || !ctx) return;
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const events = typeof e.nativeEvent.getCoalescedEvents === 'function' ? e.nativeEvent.getCoalescedEvents() : [];
    const r = e.currentTarget.getBoundingClientRect();
    for (const ev of events.length > 0 ? events : [e.nativeEvent]) ctx.lineTo(((ev.clientX - r.left) / r.width) * PAD, ((ev.clientY - r.top) / r.height) * PAD);
    ctx.stroke();
    schedule();
  };

  const onUp = () => {
    drawing.current = false;
    schedule();
  };

  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Delete' || e.key === 'Backspace' || e.key === 'Escape') {
      e.preventDefault();
      clear();
    }
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={ref}
        width={PAD}
        height={PAD}
        tabIndex={0}
        className="pad-canvas"
        aria-label="Drawing pad: draw a digit with the mouse, a finger or a pen; Delete clears it"
        data-testid="draw-pad"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        onKeyDown={onKey}
      />
      <button type="button" className="button" onClick={clear}>
        Clear drawing
      </button>
    </div>
  );
}
