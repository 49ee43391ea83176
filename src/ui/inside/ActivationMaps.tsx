// Activation maps: every channel of every layer for one input, each layer on its own colour scale (diverging when
// it has negative values), refreshed while training runs; a tile opens an enlarged view.
import { useMemo, useState } from 'react';
import type { LayerAnalysis, NetworkAnalysis } from '../../model/index.ts';
import { getEngine } from '../../store/engineClient.ts';
import { shapeLabel } from '../format.ts';
import { colorScaleFor, paintValues, valueRange, type ColorScale } from './colorScale.ts';
import { ScaleLegend } from './ScaleLegend.tsx';
import { MapDialog, type EnlargedMap } from './MapDialog.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';
import type { Sample } from './sample.ts';
import { isVectorOutput, layerPlanes, type Plane } from './tiles.ts';
import { useLiveTick } from './useLiveTick.ts';
import { useWorkerData } from './useWorkerData.ts';

/** How often the maps are refreshed while training (a modest rate: every map is repainted). */
const REFRESH_MS = 1000;

/** Channels drawn per layer until the user asks for all of them (VGG layers have 512). */
const TILE_LIMIT = 32;

interface LayerMaps {
  layer: LayerAnalysis;
  title: string;
  scale: ColorScale;
  planes: Plane[];
  pixels: Uint8ClampedArray[];
  channels: number;
  vector: boolean;
}

function layerTitle(l: LayerAnalysis): string {
  return `Layer ${l.index + 1} ${l.type}, ${shapeLabel(l.outputShape, l.flat)}`;
}

/** Tile size on screen: small maps are magnified more, big ones less. */
function tileWidth(plane: Plane, vector: boolean): number {
  if (vector) return Math.min(320, Math.max(64, plane.width * 10));
  return Math.max(36, Math.min(72, plane.width * 3));
}

function buildMaps(layers: LayerAnalysis[], values: Float32Array[], expanded: Set<number>): LayerMaps[] | string {
  if (values.length < layers.length) return `The worker returned ${values.length} layer outputs for ${layers.length} layers`;
  const out: LayerMaps[] = [];
  for (const layer of layers) {
    const v = values[layer.index]!;
    try {
      const planes = layerPlanes(v, layer.outputShape, layer.flat, expanded.has(layer.index) ? Infinity : TILE_LIMIT);
      const scale = colorScaleFor(valueRange(v));
      out.push({
        layer,
        title: layerTitle(layer),
        scale,
        planes,
        pixels: planes.map((p) => paintValues(p.values, scale)),
        channels: layer.outputShape[2],
        vector: isVectorOutput(layer.outputShape, layer.flat),
      });
    } catch (e) {
      return `${layerTitle(layer)}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return out;
}

export interface ActivationMapsProps {
  analysis: NetworkAnalysis;
  /** The input, or null when there is none yet. */
  sample: Sample | null;
  /** Why there is no sample yet, when it is on its way (a test image loading). */
  waiting?: string;
  onRebuild(): void;
}

export function ActivationMaps({ analysis, sample, waiting, onRebuild }: ActivationMapsProps) {
  const tick = useLiveTick(REFRESH_MS);
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  const [enlarged, setEnlarged] = useState<{ layer: number; channel: number } | null>(null);
  const { data, error } = useWorkerData(sample ? () => getEngine().activations(sample.pixels) : null, sample?.key ?? '', tick);
  const maps = useMemo(() => (data ? buildMaps(analysis.layers, data, expanded) : null), [analysis, data, expanded]);

  if (!sample) return <p className="inside-note">{waiting ?? 'Pick a test image, draw a digit or upload a picture to see its activations.'}</p>;
  if (typeof maps === 'string') {
    return (
      <div className="issue issue-warning" role="status" data-testid="activations-stale">
        The network in the worker does not match the one in the Build view ({maps}); it changed since it was built.{' '}
        <button type="button" className="button" onClick={onRebuild}>
          Rebuild the network
        </button>
      </div>
    );
  }
  const current: EnlargedMap | null = (() => {
    if (!enlarged || !maps) return null;
    const m = maps.find((x) => x.layer.index === enlarged.layer);
    const plane = m?.planes[enlarged.channel];
    if (!m || !plane) return null;
    const name = m.vector ? `${m.title}, all ${m.channels} features` : `${m.title}, channel ${enlarged.channel + 1} of ${m.channels}`;
    return { title: `${name} (${sample.label})`, plane, scale: m.scale };
  })();

  return (
    <div className="activation-maps" data-testid="activation-maps" data-for={maps ? sample.key : undefined}>
      {error && (
        <p className="issue issue-error" role="alert">
          Could not read the activations: {error}
        </p>
      )}
      {!maps && !error && <p className="inside-note">Reading the activations of {sample.label}…</p>}
      {maps?.map((m) => (
        <section key={m.layer.index} className="act-layer" aria-label={m.title}>
          <header className="act-head">
            <h4>{m.title}</h4>
            <ScaleLegend scale={m.scale} />
          </header>
          <div className="tile-grid">
            {m.planes.map((plane, ch) => {
              const label = m.vector ? `${m.title}: all ${m.channels} features` : `${m.title}: channel ${ch + 1} of ${m.channels}`;
              return (
                <button key={ch} type="button" className="tile" aria-label={`Enlarge ${label}`} onClick={() => setEnlarged({ layer: m.layer.index, channel: ch })}>
                  <PixelCanvas width={plane.width} height={plane.height} pixels={m.pixels[ch]!} label={label} displayWidth={tileWidth(plane, m.vector)} testId="activation-canvas" />
                </button>
              );
            })}
            {!m.vector && m.channels > m.planes.length && (
              <button type="button" className="button more" onClick={() => setExpanded(new Set(expanded).add(m.layer.index))}>
                Show all {m.channels} channels
              </button>
            )}
          </div>
        </section>
      ))}
      {current && <MapDialog map={current} onClose={() => setEnlarged(null)} />}
    </div>
  );
}
