// The "Model" menu in the header: save the trained model, load weights or a whole model file, export to ONNX,
// PyTorch or Keras. Problems are shown in the menu; the current network stays.
import { useRef, useState } from 'react';
import type { ExportFormat } from '../../model/export/index.ts';
import { useAppStore } from '../../store/index.ts';
import { exportModelFile, exportPytorchTrainFile, loadModelFile, saveModelFile, type ModelDownload } from '../../store/modelFileActions.ts';
import { usePopover } from '../components/usePopover.ts';
import '../workspace/workspace.css';

function download(d: ModelDownload): void {
  const url = URL.createObjectURL(new Blob([d.bytes as BlobPart], { type: d.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = d.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'onnx', label: 'Export ONNX' },
  { format: 'pytorch', label: 'Export PyTorch' },
  { format: 'keras', label: 'Export Keras' },
];

export function ModelFileMenu() {
  const popover = usePopover();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const weightsInput = useRef<HTMLInputElement>(null);
  const modelInput = useRef<HTMLInputElement>(null);

  async function act(task: () => Promise<string | void>) {
    setBusy(true);
    setNote(null);
    try {
      const text = await task();
      if (text) setNote({ ok: true, text });
    } catch (e) {
      setNote({ ok: false, text: `${e instanceof Error ? e.message : String(e)} The current network and weights are unchanged.` });
    } finally {
      setBusy(false);
    }
  }

  async function load(input: HTMLInputElement | null, weightsOnly: boolean) {
    const file = input?.files?.[0];
    if (!file || !input) return;
    input.value = '';
    await act(async () => loadModelFile(useAppStore, new Uint8Array(await file.arrayBuffer()), file.name, weightsOnly));
  }

  return (
    <div className="workspace-menu">
      <button className="button" {...popover.triggerProps} data-testid="model-button">
        Model
      </button>
      {popover.open && (
        <div className="workspace-panel" {...popover.panelProps} role="group" aria-label="Model file" data-testid="model-panel">
          <div className="model-actions">
            <button className="button" disabled={busy} onClick={() => void act(async () => download(await saveModelFile(useAppStore)))}>
              Save model
            </button>
            <button className="button" disabled={busy} onClick={() => weightsInput.current?.click()}>
              Load weights…
            </button>
            <button className="button" disabled={busy} onClick={() => modelInput.current?.click()}>
              Open model…
            </button>
            {EXPORTS.map((e) => (
              <button key={e.format} className="button" disabled={busy} onClick={() => void act(async () => download(await exportModelFile(useAppStore, e.format)))}>
                {e.label}
              </button>
            ))}
            <button className="button" disabled={busy} data-testid="export-pytorch-train" onClick={() => void act(async () => download(await exportPytorchTrainFile(useAppStore)))}>
              PyTorch training script
            </button>
          </div>
          <input ref={weightsInput} type="file" accept=".safetensors" hidden aria-label="Model file to load weights from" data-testid="load-weights-input" onChange={(e) => void load(e.currentTarget, true)} />
          <input ref={modelInput} type="file" accept=".safetensors" hidden aria-label="Model file to open" data-testid="open-model-input" onChange={(e) => void load(e.currentTarget, false)} />
          <p className="workspace-detail">Weights go into the current network (same architecture); Open replaces the network with the file's. Python exports load the saved .safetensors file; the PyTorch training script (beside the PyTorch export) continues this run at scale.</p>
          {note && (
            <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'model-note ok' : 'model-note error'} data-testid="model-note">
              {note.text}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
