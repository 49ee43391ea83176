// Bring your own data: IDX image + label files (gzipped or not), CIFAR-10 .bin batches or cifar-10-binary.tar.gz,
// or an image folder / .zip with one subfolder per class, resized to the chosen size in grayscale or RGB. The files
// are parsed in the worker; a failure names the file and keeps the previous dataset.
import { DEFAULT_TEST_FRACTION } from '../../data/holdout.ts';
import { IMAGE_FOLDER_LIMITS } from '../../data/imageFolder.ts';
import type { UploadSource } from '../../engine/api.ts';
import type { UploadDraft } from '../../store/datasetSlice.ts';
import { useAppStore } from '../../store/index.ts';
import { DraftNumber } from './DraftNumber.tsx';

const sideProblem = (axis: string) => (v: number) =>
  Number.isInteger(v) && v >= 1 && v <= IMAGE_FOLDER_LIMITS.maxSide ? null : `The ${axis} must be a whole number of pixels from 1 to ${IMAGE_FOLDER_LIMITS.maxSide}, got ${v}.`;

/** The picked files with their paths inside a picked folder (webkitRelativePath), as the worker receives them. */
function sourcesOf(list: FileList | null): UploadSource[] {
  return [...(list ?? [])].map((f) => ({ name: f.webkitRelativePath || f.name, blob: f }));
}

const folderAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function UploadPanel() {
  const input = useAppStore((s) => s.spec.input);
  const load = useAppStore((s) => s.datasetLoad);
  const uploadDataset = useAppStore((s) => s.uploadDataset);
  const patch = useAppStore((s) => s.uploadDraft);
  const setDraft = useAppStore((s) => s.setUploadDraft);
  const skipped = useAppStore((s) => (s.dataset?.id.startsWith('upload:') ? s.dataset.skipped : undefined));
  // Unchanged fields follow the network's input block, so an upload fits the network as it is.
  const draft: UploadDraft = { files: [], height: input.height, width: input.width, channels: input.channels === 3 ? 3 : 1, testFraction: DEFAULT_TEST_FRACTION, ...patch };
  const { files, height, width, channels, testFraction, transposeIdx } = draft;
  const setFiles = (f: UploadSource[]) => setDraft({ files: f });
  const summary = files.length === 0 ? 'No files chosen.' : files.length <= 3 ? files.map((f) => f.name).join(', ') : `${files.length} files from ${files[0]!.name.split('/')[0]}`;
  return (
    <section className="data-panel" aria-labelledby="upload-title">
      <h2 id="upload-title">Your own data</h2>
      <p className="muted">
        IDX image and label files (gzipped or not; EMNIST, KMNIST), CIFAR-10 <code>.bin</code> batches or <code>cifar-10-binary.tar.gz</code>, or a folder or{' '}
        <code>.zip</code> with one subfolder per class (PNG or JPEG; optional <code>train/</code> and <code>test/</code> folders).
      </p>
      <div className="upload-inputs">
        <label className="button">
          Choose files…
          <input type="file" multiple className="visually-hidden" data-testid="upload-files" onChange={(e) => setFiles(sourcesOf(e.target.files))} />
        </label>
        <label className="button">
          Choose a folder…
          <input type="file" multiple className="visually-hidden" data-testid="upload-folder" {...folderAttributes} onChange={(e) => setFiles(sourcesOf(e.target.files))} />
        </label>
      </div>
      <p className="upload-summary" data-testid="upload-summary">
        {summary}
      </p>
      {skipped && skipped.length > 0 && (
        <div className="issue issue-warning" role="status" data-testid="upload-skipped">
          <p>
            {skipped.length} {skipped.length === 1 ? 'entry was' : 'entries were'} left out of the loaded upload:
          </p>
          <ul>
            {skipped.slice(0, 20).map((s) => (
              <li key={s}>{s}</li>
            ))}
            {skipped.length > 20 && <li>… and {skipped.length - 20} more</li>}
          </ul>
        </div>
      )}
      <fieldset className="data-fields" disabled={!!load}>
        <legend>Image folders are resized and converted; IDX and CIFAR files keep their size</legend>
        <DraftNumber label="Height" value={height} step={1} check={sideProblem('height')} onCommit={(v) => setDraft({ height: v })} testId="upload-height" />
        <DraftNumber label="Width" value={width} step={1} check={sideProblem('width')} onCommit={(v) => setDraft({ width: v })} testId="upload-width" />
        <div className="data-field">
          <label htmlFor="upload-channels">Colour</label>
          <select id="upload-channels" value={channels} onChange={(e) => setDraft({ channels: Number(e.target.value) === 3 ? 3 : 1 })} data-testid="upload-channels">
            <option value={1}>Grayscale</option>
            <option value={3}>RGB</option>
          </select>
        </div>
        <DraftNumber
          label="Test fraction"
          value={testFraction}
          step={0.05}
          check={(v) => (v >= 0.05 && v <= 0.9 ? null : `The test fraction must be from 0.05 to 0.9, got ${v}.`)}
          onCommit={(v) => setDraft({ testFraction: v })}
          testId="upload-test-fraction"
        />
        <div className="data-field wide">
          <label htmlFor="upload-transpose">IDX orientation</label>
          <select
            id="upload-transpose"
            value={transposeIdx === undefined ? 'auto' : transposeIdx ? 'transposed' : 'stored'}
            onChange={(e) => setDraft({ transposeIdx: e.target.value === 'auto' ? undefined : e.target.value === 'transposed' })}
            data-testid="upload-transpose"
          >
            <option value="auto">Auto (EMNIST is transposed)</option>
            <option value="stored">As stored</option>
            <option value="transposed">Transposed</option>
          </select>
        </div>
      </fieldset>
      <p className="muted">Uploads without a test set of their own hold out this fraction of each class as the test set.</p>
      <button
        type="button"
        className="button primary"
        disabled={files.length === 0 || !!load}
        data-testid="upload-load"
        onClick={() => void uploadDataset(files, { height, width, channels, testFraction, seed: 1, ...(transposeIdx !== undefined && { transposeIdx }) })}
      >
        Load upload
      </button>
    </section>
  );
}
