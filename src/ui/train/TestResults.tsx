// After (or during) training: test loss and accuracy, the confusion matrix with the images of a chosen cell,
// and the misclassified examples the network was most sure about, with their predicted probabilities.
import { useMemo, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { ExampleImage } from './ExampleImage.tsx';
import { cellIndices, formatNumber, formatPercent, topMistakes } from './results.ts';
import { useTestImages } from './useTestImages.ts';

/** Images shown for a confusion-matrix cell. */
const CELL_LIMIT = 32;
/** Misclassified examples in the gallery. */
const MISTAKES = 24;

export function TestResults() {
  const result = useAppStore((s) => s.testResult);
  const evaluating = useAppStore((s) => s.evaluating);
  const dataset = useAppStore((s) => s.dataset);
  const session = useAppStore((s) => s.session);
  const [cell, setCell] = useState<{ actual: number; predicted: number } | null>(null);
  const classes = dataset?.classes ?? [];
  const per = result?.perExample;
  const cellList = useMemo(() => (per && cell ? cellIndices(per, cell.actual, cell.predicted, CELL_LIMIT) : []), [per, cell]);
  const mistakes = useMemo(() => (per ? topMistakes(per, classes.length, MISTAKES) : []), [per, classes.length]);
  const cellImages = useTestImages(cellList);
  const mistakeImages = useTestImages(useMemo(() => mistakes.map((m) => m.index), [mistakes]));
  const shape = dataset?.shape;
  // Results of a run that edits have made stale stay, greyed, until the next run starts.
  const previous = useAppStore((s) => s.runChanges().length > 0 && (s.session?.step ?? 0) > 0);

  return (
    <section className={`train-panel test-results${previous && result ? ' is-previous-run' : ''}`} aria-label="Test results">
      <div className="panel-head">
        <h2>Test set</h2>
        <button className="button" onClick={() => void useAppStore.getState().evaluateTest()} disabled={evaluating || !session}>
          {evaluating ? 'Evaluating…' : 'Evaluate on test set'}
        </button>
        {result && (
          <span className="test-summary" data-testid="test-accuracy">
            Accuracy {formatPercent(result.accuracy)} · loss {formatNumber(result.loss)} · {result.count.toLocaleString('en-US')} images · after step {result.step.toLocaleString('en-US')}
          </span>
        )}
      </div>
      {previous && result && <p className="previous-run-note">Greyed: the results of the run from before your edits. The next Start replaces them.</p>}
      {!result && <p className="muted">Train a little, then evaluate to see the confusion matrix and the mistakes.</p>}
      {result && shape && (
        <div className="test-grid">
          <div>
            <ConfusionMatrix confusion={result.confusion} classes={classes} selected={cell} onSelect={setCell} />
          </div>
          <div className="cell-examples" data-testid="cell-examples" aria-live="polite">
            {cell ? (
              <>
                <h3>
                  True {classes[cell.actual]}, predicted {classes[cell.predicted]}: {result.confusion[cell.actual]![cell.predicted]!.toLocaleString('en-US')} images
                  {cellList.length < result.confusion[cell.actual]![cell.predicted]! ? ` (first ${cellList.length} shown)` : ''}
                </h3>
                {cellImages.error && <p className="field-error">{cellImages.error}</p>}
                <div className="image-grid">
                  {cellImages.images &&
                    cellList.map((index, k) => (
                      <figure key={index} className="example">
                        <ExampleImage pixels={cellImages.images!.pixels} k={k} shape={shape} label={`test image ${index}`} />
                        <figcaption className="num" title={`Test image ${index}: the network gives ${classes[cell.predicted]} ${formatPercent(per!.probs[index * classes.length + cell.predicted]!)}`}>
                          test #{index}
                          <br />
                          {formatPercent(per!.probs[index * classes.length + cell.predicted]!)} sure
                        </figcaption>
                      </figure>
                    ))}
                </div>
                {cellList.length === 0 && <p className="muted">No test images in this cell.</p>}
              </>
            ) : (
              <p className="muted">Click a cell of the matrix to see its images.</p>
            )}
          </div>
        </div>
      )}
      {result && shape && (
        <div className="mistakes" data-testid="mistakes">
          <h3>Most confident mistakes</h3>
          {mistakes.length === 0 && <p className="muted">No test image is misclassified.</p>}
          {mistakeImages.error && <p className="field-error">{mistakeImages.error}</p>}
          <div className="image-grid">
            {mistakeImages.images &&
              mistakes.map((m, k) => (
                <figure key={m.index} className="example mistake">
                  <ExampleImage pixels={mistakeImages.images!.pixels} k={k} shape={shape} label={`test image ${m.index}: ${classes[m.label]} predicted as ${classes[m.predicted]}`} />
                  <figcaption>
                    <span className="truth">true {classes[m.label]}</span>
                    <ol className="probs">
                      {m.top.map((t) => (
                        <li key={t.cls} className={t.cls === m.label ? 'is-true' : undefined}>
                          <span className="bar" style={{ width: `${Math.round(t.p * 100)}%` }} />
                          <span className="num">
                            {classes[t.cls]} {formatPercent(t.p)}
                          </span>
                        </li>
                      ))}
                    </ol>
                  </figcaption>
                </figure>
              ))}
          </div>
        </div>
      )}
    </section>
  );
}
