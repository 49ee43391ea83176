// Learned kernels: the first layer's filters as images (RGB for 3-channel input), and a chosen deeper conv layer
// as a grid of filters (rows) by input channels (columns), all on one diverging scale per layer.
import { useMemo, useState } from 'react';
import type { LayerTensors } from '../../engine/api.ts';
import type { LayerAnalysis, NetworkAnalysis } from '../../model/index.ts';
import { colorScaleFor, paintValues, valueRange } from './colorScale.ts';
import { kernelPlane, kernelShapeOf, rgbKernelPixels, type KernelShape } from './kernels.ts';
import { MapDialog, type EnlargedMap } from './MapDialog.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';
import { ScaleLegend } from './ScaleLegend.tsx';

const FIRST_LIMIT = 64;
/** A deeper layer's grid shows at most this many filters (columns) by input channels (rows). */
const GRID_COLUMNS = 32;
const GRID_ROWS = 16;

interface KernelLayer {
  layer: LayerAnalysis;
  shape: KernelShape;
  weights: Float32Array;
}

function kernelLayers(analysis: NetworkAnalysis, tensors: LayerTensors[]): KernelLayer[] {
  const out: KernelLayer[] = [];
  for (const t of tensors) {
    const layer = analysis.layers[t.layerIndex];
    const w = t.tensors.find((x) => x.name === 'weights');
    if (!layer || !w) continue;
    // Dense weights read as images only in the first parameter layer, whose input is the image itself.
    const shape = kernelShapeOf(w.shape, t === tensors[0] && analysis.input ? analysis.input : undefined);
    if (shape) out.push({ layer, shape, weights: w.values });
  }
  return out;
}

const title = (l: LayerAnalysis, shape: KernelShape) => `Layer ${l.index + 1} ${l.type}: ${shape[3]} filters of ${shape[0]}×${shape[1]}×${shape[2]}`;

function FirstLayer({ k, onEnlarge }: { k: KernelLayer; onEnlarge(m: EnlargedMap): void }) {
  const [kh, kw, cin, f] = k.shape;
  const scale = colorScaleFor(valueRange(k.weights));
  const size = Math.max(40, Math.min(84, kw * 8));
  const rgb = cin === 3;
  const count = Math.min(f, FIRST_LIMIT);
  return (
    <section className="act-layer" aria-label={`First-layer filters: ${title(k.layer, k.shape)}`}>
      <header className="act-head">
        <h4>{title(k.layer, k.shape)}</h4>
        {rgb ? <span className="inside-note">RGB: each colour channel centred on grey at 0</span> : <ScaleLegend scale={scale} />}
      </header>
      <div className="tile-grid">
        {Array.from({ length: count }, (_, filter) =>
          rgb ? (
            <PixelCanvas key={filter} width={kw} height={kh} pixels={rgbKernelPixels(k.weights, k.shape, filter)} label={`Filter ${filter + 1} of ${f} (RGB)`} displayWidth={size} testId="filter-canvas" />
          ) : (
            Array.from({ length: cin }, (_, c) => {
              const plane = kernelPlane(k.weights, k.shape, filter, c);
              const label = `Filter ${filter + 1} of ${f}${cin > 1 ? `, input channel ${c + 1}` : ''}`;
              return (
                <button key={`${filter}:${c}`} type="button" className="tile" aria-label={`Enlarge ${label}`} onClick={() => onEnlarge({ title: `${title(k.layer, k.shape)}, ${label}`, plane, scale })}>
                  <PixelCanvas width={kw} height={kh} pixels={paintValues(plane.values, scale)} label={label} displayWidth={size} testId="filter-canvas" />
                </button>
              );
            })
          ),
        )}
        {f > count && <span className="inside-note">and {f - count} more</span>}
      </div>
    </section>
  );
}

function KernelGrid({ k, onEnlarge }: { k: KernelLayer; onEnlarge(m: EnlargedMap): void }) {
  const [kh, kw, cin, f] = k.shape;
  const scale = colorScaleFor(valueRange(k.weights));
  const cols = Math.min(f, GRID_COLUMNS);
  const rows = Math.min(cin, GRID_ROWS);
  const size = Math.max(18, Math.min(40, kw * 6));
  return (
    <div className="kernel-grid-wrap">
      <header className="act-head">
        <span className="inside-note">
          Columns: filters{f > cols ? ` 1 to ${cols} of ${f}` : ''}; rows: the input channels each one reads{cin > rows ? ` (1 to ${rows} of ${cin})` : ''}
        </span>
        <ScaleLegend scale={scale} />
      </header>
      <div className="kernel-grid" style={{ gridTemplateColumns: `repeat(${cols}, ${size}px)` }}>
        {Array.from({ length: rows * cols }, (_, i) => {
          const c = Math.floor(i / cols);
          const filter = i % cols;
          const plane = kernelPlane(k.weights, k.shape, filter, c);
          const label = `Filter ${filter + 1}, input channel ${c + 1}`;
          return (
            <button key={i} type="button" className="tile" aria-label={`Enlarge ${label}`} onClick={() => onEnlarge({ title: `${title(k.layer, k.shape)}, ${label}`, plane, scale })}>
              <PixelCanvas width={kw} height={kh} pixels={paintValues(plane.values, scale)} label={label} displayWidth={size} testId="kernel-canvas" />
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function Filters({ analysis, tensors }: { analysis: NetworkAnalysis; tensors: LayerTensors[] }) {
  const layers = useMemo(() => kernelLayers(analysis, tensors), [analysis, tensors]);
  const deeper = layers.slice(1).filter((k) => k.layer.type === 'conv2d');
  const [chosen, setChosen] = useState<number | null>(null);
  const [enlarged, setEnlarged] = useState<EnlargedMap | null>(null);
  const first = layers[0];
  const selected = deeper.find((k) => k.layer.index === chosen) ?? deeper[0];
  if (!first) return <p className="inside-note">This network has no convolution or image-shaped dense weights to show as images.</p>;
  return (
    <div className="filters" data-testid="filters">
      <FirstLayer k={first} onEnlarge={setEnlarged} />
      {selected && (
        <section className="act-layer" aria-label="Deeper kernels">
          <header className="act-head">
            <h4>Deeper kernels</h4>
            <label className="field">
              Layer
              <select value={selected.layer.index} onChange={(e) => setChosen(Number(e.target.value))}>
                {deeper.map((k) => (
                  <option key={k.layer.index} value={k.layer.index}>
                    {title(k.layer, k.shape)}
                  </option>
                ))}
              </select>
            </label>
          </header>
          <KernelGrid k={selected} onEnlarge={setEnlarged} />
        </section>
      )}
      {enlarged && <MapDialog map={enlarged} onClose={() => setEnlarged(null)} />}
    </div>
  );
}
