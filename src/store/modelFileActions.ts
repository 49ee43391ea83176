// Model files in the app: save the trained network (spec + weights, safetensors), load weights into the same
// architecture or open a file's network with its weights, and export to ONNX / PyTorch / Keras. A bad file is refused
// with the model-file loader's message and the current network and weights stay as they were.
import { getEngine } from './engineClient.ts';
import type { AppState } from './index.ts';
import type { ExportFormat } from '../model/export/index.ts';

// The exporters and the model-file decoder load on first use (their own chunks), not with the first screen.
const exporters = () => import('../model/export/index.ts');
const modelFiles = () => import('../model/modelFile.ts');

interface StoreApi {
  getState(): AppState;
  setState(partial: Partial<AppState>): void;
}

export interface ModelDownload {
  name: string;
  bytes: Uint8Array | string;
  type: string;
}

export function baseName(name: string | undefined): string {
  const base = (name ?? 'network').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return base || 'network';
}

async function builtSession(store: StoreApi): Promise<void> {
  const info = await store.getState().ensureBuilt();
  if (!info) throw new Error(store.getState().trainError ?? 'the network could not be built.');
}

/** The current weights as a model file (building the network first when it is not built: its initial weights). */
export async function saveModelFile(store: StoreApi): Promise<ModelDownload> {
  await builtSession(store);
  const bytes = await getEngine().saveModel();
  return { name: `${baseName(store.getState().spec.name)}.safetensors`, bytes, type: 'application/octet-stream' };
}

/** The current network and weights exported; the Python exports load `<name>.safetensors` saved beside them. */
export async function exportModelFile(store: StoreApi, format: ExportFormat): Promise<ModelDownload> {
  const saved = await saveModelFile(store);
  const [{ exportModel, EXPORT_EXTENSIONS }, { decodeModelFile }] = await Promise.all([exporters(), modelFiles()]);
  const file = decodeModelFile(saved.bytes as Uint8Array, saved.name);
  const bytes = exportModel(file, format, saved.name);
  return { name: `${baseName(store.getState().spec.name)}${EXPORT_EXTENSIONS[format]}`, bytes, type: format === 'onnx' ? 'application/octet-stream' : 'text/x-python' };
}

/** The PyTorch training script that goes beside the PyTorch export (`<name>_pytorch.py`), reproducing this run. */
export async function exportPytorchTrainFile(store: StoreApi): Promise<ModelDownload> {
  const saved = await saveModelFile(store);
  const [{ exportPytorchTrain, pytorchTrainFileName, EXPORT_EXTENSIONS }, { decodeModelFile }] = await Promise.all([exporters(), modelFiles()]);
  const moduleFile = `${baseName(store.getState().spec.name)}${EXPORT_EXTENSIONS.pytorch}`;
  return { name: pytorchTrainFileName(moduleFile), bytes: exportPytorchTrain(decodeModelFile(saved.bytes as Uint8Array, saved.name), moduleFile), type: 'text/x-python' };
}

/**
 * Loads a model file. `weightsOnly`: its weights into the current network, which must have the same architecture;
 * otherwise its network replaces the current one (undoable like any edit) together with its weights.
 * Throws the loader's message (truncated, not a model file, wrong dtype, other architecture); nothing changes then.
 */
export async function loadModelFile(store: StoreApi, bytes: Uint8Array, fileName: string, weightsOnly: boolean): Promise<string> {
  const { assertSameArchitecture, decodeModelFile } = await modelFiles();
  const file = decodeModelFile(bytes, fileName);
  if (weightsOnly) assertSameArchitecture(file, store.getState().spec, fileName);
  const previous = store.getState().spec;
  if (!weightsOnly) store.getState().setSpec(file.spec);
  try {
    await builtSession(store);
    const info = await getEngine().loadModel(bytes);
    store.setState({ session: info, trainStatus: 'idle', progress: null, history: { steps: [], validation: [] }, testResult: null, trainError: null });
  } catch (e) {
    if (!weightsOnly) store.getState().setSpec(previous);
    throw e;
  }
  const steps = file.meta.training?.steps;
  const notes = [
    ...((file.nonFinite ?? 0) > 0 ? [` Warning: ${file.nonFinite!.toLocaleString('en-US')} of its values are NaN or infinite (its training diverged), so its predictions are meaningless; train again with a lower learning rate.`] : []),
    ...(file.checksum === 'absent' ? [' It carries no checksum of its data (an older file), so damage cannot be detected; save it again to add one.'] : []),
  ];
  return `Loaded ${fileName}${weightsOnly ? ' into the current network' : `: ${file.spec.name ?? 'its network'} and its weights`}${steps ? ` (trained ${Number(steps).toLocaleString('en-US')} steps${file.meta.dataset ? ` on ${file.meta.dataset}` : ''})` : ''}.${notes.join('')}`;
}
