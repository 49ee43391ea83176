// The kernel sliding over the padded input with the selected layer's kernel size, stride, padding and dilation:
// play/pause/step and speed, the window outlined on the input and its output cell on the output, and the dot
// product (or max / average / L2) written out. All arithmetic comes from src/model/slidingWindow.ts.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CLASSIC_KERNELS, EXAMPLE_INPUT } from '../../model/exampleKernels.ts';
import type { LayerAnalysis } from '../../model/index.ts';
import { positionAt, positions, windowAt, windowTaps, windowText } from '../../model/slidingWindow.ts';
import { animationSetup, WINDOW_OPS } from './animationSetup.ts';
import { GridCanvas } from './GridCanvas.tsx';
import { Icon } from './Icon.tsx';
import { useLearnedWeights, useSampleImage } from './useAnimationSources.ts';

const SPEEDS = [0.5, 1, 2, 4, 8, 16, 32];
const MAX_PX = 210;
const NO_PAD: [number, number] = [0, 0];

type Source = 'example' | 'image';

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function cellSize(rows: number, cols: number): number {
  return Math.max(3, Math.min(26, Math.floor(MAX_PX / Math.max(rows, cols))));
}

export function ConvAnimation({ layer }: { layer: LayerAnalysis }) {
  const op = WINDOW_OPS[layer.type];
  const w = layer.window!;
  const [source, setSource] = useState<Source>('example');
  const [kernelId, setKernelId] = useState('integers');
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(3);
  const [sample, setSample] = useState(0);
  const [filter, setFilter] = useState(0);
  const learnedAllowed = op === 'conv' && layer.index === 0;
  const useLearned = source === 'image' && kernelId === 'learned' && learnedAllowed;
  const img = useSampleImage(source === 'image', sample, layer.inputShape[2]);
  const { weights: learnedWeights, error: learnedError, built } = useLearnedWeights(useLearned);

  const setup = useMemo(() => {
    if (!op) return { problem: `${layer.type} has no sliding window.` };
    const input = source === 'example' ? EXAMPLE_INPUT : (img.image?.grid ?? null);
    const inputProblem = img.error ?? (img.loading ? 'Loading the dataset…' : 'Loading a test image…');
    return animationSetup({ op, window: w, layerIndex: layer.index, input, inputProblem, kernelId, learned: { built, weights: learnedWeights, error: learnedError }, filter });
  }, [op, layer.type, layer.index, source, img.image, img.error, img.loading, kernelId, built, learnedWeights, learnedError, filter, w]);
  const ready = setup.problem === undefined ? setup : null;

  const n = ready ? positions(ready.slide) : 0;
  const current = n > 0 ? ((step % n) + n) % n : 0;

  useEffect(() => {
    if (!playing || n === 0) return;
    const t = window.setInterval(() => setStep((k) => k + 1), 1000 / SPEEDS[speed]!);
    return () => window.clearInterval(t);
  }, [playing, speed, n]);

  const s = ready?.slide;
  const [oy, ox] = s ? positionAt(s, current) : [0, 0];
  const taps = useMemo(() => (s ? windowTaps(s, oy, ox) : []), [s, oy, ox]);
  const result = ready ? windowAt(ready.slide, ready.input, op!, oy, ox, ready.kernel) : null;
  const input = ready?.input;
  const pad = s?.padding ?? NO_PAD;
  const inputValue = useCallback(
    (y: number, x: number) => {
      if (!input) return undefined;
      const iy = y - pad[0];
      const ix = x - pad[1];
      if (iy < 0 || ix < 0 || iy >= input.height || ix >= input.width) return null;
      if (input.channels === 1) return input.values[iy * input.width + ix]!;
      let sum = 0;
      for (let c = 0; c < input.channels; c++) sum += input.values[(iy * input.width + ix) * input.channels + c]!;
      return sum / input.channels;
    },
    [input, pad],
  );
  const raw = img.image?.grid;
  const rgb = useMemo(() => {
    if (source !== 'image' || !raw || raw.channels !== 3) return undefined;
    return (y: number, x: number): [number, number, number] | null => {
      const iy = y - pad[0];
      const ix = x - pad[1];
      if (iy < 0 || ix < 0 || iy >= raw.height || ix >= raw.width) return null;
      const i = (iy * raw.width + ix) * 3;
      return [raw.values[i]!, raw.values[i + 1]!, raw.values[i + 2]!];
    };
  }, [source, raw, pad]);
  const out = ready?.output;
  const outputValue = useCallback((y: number, x: number) => (s && out && y * s.output[1] + x <= current ? out[y * s.output[1] + x]! : undefined), [s, out, current]);
  const highlight = useMemo(() => taps.map((t) => [t.py, t.px] as [number, number]), [taps]);
  const kernel = ready?.kernel;
  // The kernel's weights; a multi-channel kernel shows the sum over its channels (what a gray input would see).
  const kernelValue = useCallback(
    (y: number, x: number) => {
      if (!kernel) return undefined;
      let sum = 0;
      for (let c = 0; c < kernel.channels; c++) sum += kernel.values[(y * kernel.width + x) * kernel.channels + c]!;
      return sum;
    },
    [kernel],
  );
  const focus = useMemo(() => [oy, ox] as [number, number], [oy, ox]);

  if (!op) return null;
  const kernelChoices = [{ id: 'integers', label: 'Small integers' }, ...CLASSIC_KERNELS.map((k) => ({ id: k.id, label: k.label })), { id: 'learned', label: 'Learned (layer 1)' }];
  const inCell = s ? cellSize(s.padded[0], s.padded[1]) : 8;
  const outCell = s ? cellSize(s.output[0], s.output[1]) : 8;
  const signed = op === 'conv';
  return (
    <div className="conv-animation" data-testid="conv-animation">
      <h3>The window sliding</h3>
      <div className="anim-options">
        <fieldset className="segmented">
          <legend className="visually-hidden">Input</legend>
          <label>
            <input type="radio" name={`src-${layer.index}`} checked={source === 'example'} onChange={() => setSource('example')} /> 7×7 example
          </label>
          <label>
            <input type="radio" name={`src-${layer.index}`} checked={source === 'image'} onChange={() => setSource('image')} /> Dataset image
          </label>
        </fieldset>
        {op === 'conv' && (
          <label className="field">
            <span>Kernel</span>
            <select value={kernelId} onChange={(e) => setKernelId(e.target.value)} aria-label="Kernel">
              {kernelChoices.map((k) => (
                <option key={k.id} value={k.id} disabled={k.id === 'learned' && (!learnedAllowed || source !== 'image')}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {source === 'image' && (
          <button type="button" className="button small" onClick={() => setSample((i) => i + 1)} aria-label="Next test image">
            Next image
          </button>
        )}
        {useLearned && learnedWeights && (
          <label className="field">
            <span>Filter</span>
            <input type="number" min={1} max={learnedWeights.shape[3]} value={filter + 1} onChange={(e) => setFilter(Math.max(0, Number(e.target.value) - 1 || 0))} aria-label="Filter number" />
          </label>
        )}
      </div>
      {!s || !input || !out ? (
        <p className="hint" role="status">
          {setup.problem}
        </p>
      ) : (
        <>
          <p className="hint">
            {source === 'image' && img.image ? `Test image ${img.image.index} (${img.image.label})${layer.index > 0 ? `, standing in for layer ${layer.index + 1}'s real input (${layer.inputShape.join('×')})` : ''}, ` : ''}
            {ready?.kernelNote}; stride {s.stride.join('×')}, padding {s.padding.join('×')}, dilation {s.dilation.join('×')} → output {s.output.join('×')}
          </p>
          <div className="anim-grids">
            <figure>
              <GridCanvas
                label={`Padded input, ${s.padded[0]}×${s.padded[1]}, window at output row ${oy + 1}, column ${ox + 1}`}
                rows={s.padded[0]}
                cols={s.padded[1]}
                cell={inCell}
                value={inputValue}
                rgb={rgb}
                highlight={highlight}
                scheme={ready?.signedInput ? 'diverging' : 'gray'}
                extent={maxAbs(input.values)}
                testId="anim-input"
              />
              <figcaption>Input (padding in grey)</figcaption>
            </figure>
            {kernel && (
              <figure>
                <GridCanvas
                  label={`Kernel, ${kernel.height}×${kernel.width}${kernel.channels > 1 ? `×${kernel.channels}, summed over channels` : ''}`}
                  rows={kernel.height}
                  cols={kernel.width}
                  cell={Math.min(22, Math.floor(110 / Math.max(kernel.height, kernel.width)))}
                  value={kernelValue}
                  highlight={[]}
                  scheme="diverging"
                  extent={maxAbs(kernel.values) * kernel.channels}
                  testId="anim-kernel"
                />
                <figcaption>Kernel{kernel.channels > 1 ? ' (Σ channels)' : ''}</figcaption>
              </figure>
            )}
            <figure>
              <GridCanvas
                label={`Output, ${s.output[0]}×${s.output[1]}, ${current + 1} of ${n} values computed`}
                rows={s.output[0]}
                cols={s.output[1]}
                cell={outCell}
                value={outputValue}
                highlight={[]}
                focus={focus}
                scheme={signed ? 'diverging' : 'gray'}
                extent={maxAbs(out)}
                testId="anim-output"
              />
              <figcaption>Output</figcaption>
            </figure>
          </div>
          <p className="dot-product" data-testid="dot-product" aria-live="polite">
            <span className="position">
              out[{oy + 1}, {ox + 1}] ({current + 1}/{n}):
            </span>{' '}
            {result && windowText(result, op, 12)}
          </p>
        </>
      )}
      <div className="anim-controls" role="group" aria-label="Animation controls">
        <button type="button" className="button small" onClick={() => setStep(0)} aria-label="Back to the first position" disabled={n === 0}>
          <Icon name="first" />
        </button>
        <button type="button" className="button small" onClick={() => setStep((k) => k - 1)} aria-label="Step back" disabled={n === 0}>
          <Icon name="back" />
        </button>
        <button type="button" className="button small" onClick={() => setPlaying((p) => !p)} aria-label={playing ? 'Pause' : 'Play'} disabled={n === 0}>
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button type="button" className="button small" onClick={() => setStep((k) => k + 1)} aria-label="Step forward" disabled={n === 0}>
          <Icon name="forward" />
        </button>
        <button type="button" className="button small" onClick={() => { setPlaying(false); setStep(n - 1); }} aria-label="Show the whole output" disabled={n === 0}>
          <Icon name="last" />
        </button>
        <label className="field">
          <span>Speed</span>
          <input type="range" min={0} max={SPEEDS.length - 1} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Speed" aria-valuetext={`${SPEEDS[speed]} positions per second`} />
          <span className="speed">{SPEEDS[speed]}/s</span>
        </label>
      </div>
    </div>
  );
}
