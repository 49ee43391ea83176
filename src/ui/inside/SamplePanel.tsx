// Where the input comes from (a test image, the drawing pad, an upload), what the network sees, and its live
// class probabilities.
import type { DatasetInfo } from '../../engine/api.ts';
import { getEngine } from '../../store/engineClient.ts';
import { DrawPad } from './DrawPad.tsx';
import { ImageUpload } from './ImageUpload.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';
import { inputToRgba } from './preprocess.ts';
import { ProbabilityBars } from './ProbabilityBars.tsx';
import type { Sample, SampleSource } from './sample.ts';
import { TestImagePicker } from './TestImagePicker.tsx';
import { useLiveTick } from './useLiveTick.ts';
import { useWorkerData } from './useWorkerData.ts';

export interface SamplePanelProps {
  input: [number, number, number];
  dataset: DatasetInfo | null;
  source: SampleSource;
  onSource(source: SampleSource): void;
  testIndex: number;
  onTestIndex(index: number): void;
  onDrawing(pixels: Uint8Array | null): void;
  onUpload(pixels: Uint8Array, name: string): void;
  sample: Sample | null;
  /** Why the chosen source has no input yet. */
  missing: string;
}

/** How often the probabilities follow training (a new drawing or image is predicted at once, whatever this is). */
const PREDICT_MS = 1000;

const SOURCES: { id: SampleSource; label: string }[] = [
  { id: 'test', label: 'Test image' },
  { id: 'drawing', label: 'Drawing' },
  { id: 'upload', label: 'Upload' },
];

export function SamplePanel(props: SamplePanelProps) {
  const { input, dataset, source, sample } = props;
  const tick = useLiveTick(PREDICT_MS);
  const [h, w, c] = input;
  const prediction = useWorkerData(sample ? () => getEngine().predict(sample.pixels) : null, sample?.key ?? '', tick);
  return (
    <section className="inside-panel sample-panel" aria-labelledby="sample-heading">
      <h3 id="sample-heading">Input</h3>
      <fieldset className="source-choice">
        <legend>Look inside with</legend>
        {SOURCES.map((s) => {
          const why = s.id === 'drawing' && c !== 1 ? `The drawing pad draws grey levels; this network takes ${c} channels, so pick a test image or upload a picture.` : undefined;
          return (
            <label key={s.id} className={`field${why ? ' disabled' : ''}`} title={why}>
              <input type="radio" name="inside-source" value={s.id} checked={source === s.id} disabled={why !== undefined} aria-describedby={why ? 'drawing-why' : undefined} onChange={() => props.onSource(s.id)} />
              {s.label}
              {why && (
                <span id="drawing-why" className="visually-hidden">
                  {why}
                </span>
              )}
            </label>
          );
        })}
      </fieldset>
      <div className="sample-sources">
        <div className={`source-box${source === 'test' ? ' active' : ''}`}>
          <h4>Test image</h4>
          {dataset ? <TestImagePicker index={props.testIndex} count={dataset.test} onChange={props.onTestIndex} /> : <p className="inside-note">No dataset loaded.</p>}
        </div>
        <div className={`source-box${source === 'drawing' ? ' active' : ''}`}>
          <h4>Draw</h4>
          {c === 1 ? (
            <DrawPad height={h} width={w} onChange={props.onDrawing} />
          ) : (
            <p className="inside-note">The drawing pad is for grey-level inputs; this network takes {c} channels, so upload a picture instead.</p>
          )}
        </div>
        <div className={`source-box${source === 'upload' ? ' active' : ''}`}>
          <h4>Upload</h4>
          <ImageUpload height={h} width={w} channels={c} onChange={props.onUpload} />
        </div>
        <div className="source-box seen">
          <h4>What the network sees</h4>
          {sample ? (
            <>
              <PixelCanvas width={w} height={h} pixels={inputToRgba(sample.pixels, c)} label={`The network's input: ${sample.label}`} displayWidth={112} testId="input-preview" />
              <p className="inside-note" data-testid="sample-label" data-for={sample.key}>
                {sample.label}
              </p>
            </>
          ) : (
            <p className="inside-note">{props.missing}</p>
          )}
        </div>
        <div className="source-box probs-box" aria-live="off">
          <h4>Class probabilities</h4>
          {prediction.error && (
            <p className="issue issue-error" role="alert">
              Could not predict: {prediction.error}
            </p>
          )}
          {sample && prediction.data ? <ProbabilityBars probs={prediction.data} classes={dataset?.classes ?? []} sampleKey={sample.key} /> : <p className="inside-note">{sample ? `Predicting ${sample.label}…` : props.missing}</p>}
        </div>
      </div>
    </section>
  );
}
