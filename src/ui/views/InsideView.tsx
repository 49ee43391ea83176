// The Inside view: pick an input (test image, drawing, upload) and see every layer's activations, the learned
// filters and the weight and gradient histograms, all refreshed while the network trains.
import { useMemo, useRef, useState } from 'react';
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { getEngine } from '../../store/engineClient.ts';
import { ActivationMaps } from '../inside/ActivationMaps.tsx';
import { InsideToolbar } from '../inside/InsideToolbar.tsx';
import { ParameterViews } from '../inside/ParameterViews.tsx';
import { SamplePanel } from '../inside/SamplePanel.tsx';
import type { Sample, SampleSource } from '../inside/sample.ts';
import { useWorkerData } from '../inside/useWorkerData.ts';
import '../inside/inside.css';

export function InsideView() {
  const analysis = useAnalysis();
  const built = useAppStore((s) => s.session !== null);
  // The worker's network has as many parameters as the spec's unless the spec changed since it was built.
  const stale = useAppStore((s) => s.session !== null && s.session.params !== analysis.totals.params);
  const dataset = useAppStore((s) => s.dataset);
  const ensureBuilt = useAppStore((s) => s.ensureBuilt);

  const [chosen, setSource] = useState<SampleSource>('test');
  // The pad draws grey levels: a drawing chosen for a one-channel network does not carry over to an RGB one.
  const source: SampleSource = chosen === 'drawing' && analysis.input?.[2] !== 1 ? 'test' : chosen;
  const [testIndex, setTestIndex] = useState(0);
  const [drawing, setDrawing] = useState<{ pixels: Uint8Array; version: number } | null>(null);
  const [upload, setUpload] = useState<{ pixels: Uint8Array; name: string; version: number } | null>(null);
  const version = useRef(0);

  const testKey = `test:${dataset?.id}:${testIndex}`;
  const test = useWorkerData(built && dataset ? () => getEngine().images('test', [testIndex]) : null, testKey);

  const sample = useMemo((): Sample | null => {
    if (source === 'test' && test.data) {
      const label = test.data.labels[0]!;
      return { source, pixels: test.data.pixels, key: testKey, label: `test image ${testIndex} (${dataset?.classes[label] ?? label})` };
    }
    if (source === 'drawing' && drawing) return { source, pixels: drawing.pixels, key: `drawing:${drawing.version}`, label: 'your drawing' };
    if (source === 'upload' && upload) return { source, pixels: upload.pixels, key: `upload:${upload.version}`, label: upload.name };
    return null;
  }, [source, test.data, testKey, testIndex, dataset, drawing, upload]);

  const missing = source === 'drawing' ? 'Draw on the pad.' : source === 'upload' ? 'Upload a picture.' : (test.error ?? `Loading test image ${testIndex}…`);
  const input = analysis.input ? ([analysis.input[0], analysis.input[1], analysis.input[2]] as [number, number, number]) : null;

  return (
    <main className="inside" data-testid="inside-view">
      <InsideToolbar />
      {!analysis.ok || !input ? (
        <p className="issue issue-error" role="status">
          The network has errors (see the Build view); fix them to look inside it.
        </p>
      ) : stale ? (
        <div className="issue issue-warning" role="status" data-testid="inside-stale">
          The network changed since it was built, so the worker still holds the old one.{' '}
          <button type="button" className="button" onClick={() => void ensureBuilt()}>
            Rebuild to look inside the new network
          </button>
        </div>
      ) : !built ? (
        <p className="inside-note">Build the network to look inside it: it loads the dataset that fits its input and starts from its initial weights. Train it to watch the maps and filters change.</p>
      ) : (
        <>
          <SamplePanel
            input={input}
            dataset={dataset}
            source={source}
            onSource={setSource}
            testIndex={testIndex}
            onTestIndex={(i) => {
              setTestIndex(i);
              setSource('test');
            }}
            onDrawing={(pixels) => {
              setDrawing(pixels && { pixels, version: ++version.current });
              if (pixels) setSource('drawing');
            }}
            onUpload={(pixels, name) => {
              setUpload({ pixels, name, version: ++version.current });
              setSource('upload');
            }}
            sample={sample}
            missing={missing}
          />
          <section className="inside-panel" aria-labelledby="maps-heading">
            <h3 id="maps-heading">Activation maps</h3>
            <p className="inside-note">Every channel of every layer for {sample ? sample.label : 'the chosen input'}; click a map to enlarge it.</p>
            <ActivationMaps analysis={analysis} sample={sample} waiting={source === 'test' ? missing : undefined} onRebuild={() => void ensureBuilt()} />
          </section>
          <ParameterViews analysis={analysis} />
        </>
      )}
    </main>
  );
}
