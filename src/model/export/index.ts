// Hand a trained network on: ONNX (binary), PyTorch and Keras (Python source), from a decoded ConvLab model file.
// Pure, so the app can offer the same exports as `convlab export`.

import type { ModelFile } from '../modelFile.ts';
import { exportKeras } from './keras.ts';
import { exportOnnx } from './onnx.ts';
import { exportPytorch } from './pytorch.ts';
import type { ExportFormat } from './source.ts';

export { EXPORT_FORMATS, ExportError, type ExportFormat } from './source.ts';
export { exportOnnx, ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT } from './onnx.ts';
export { exportPytorch } from './pytorch.ts';
export { exportPytorchTrain, trainScriptSettings, type TrainScriptSettings } from './pytorchTrain.ts';
export { exportKeras } from './keras.ts';
export { parseShapeComments } from './python.ts';

/** The PyTorch training script's file name beside the model module: net.py -> net_train.py. */
export const pytorchTrainFileName = (moduleFile: string) => `${moduleFile.replace(/\.py$/, '')}_train.py`;

/** The file extension each format is written with. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { onnx: '.onnx', pytorch: '_pytorch.py', keras: '_keras.py' };

/** The exported bytes; `weightsFile` is the model file name the generated Python loads by default. */
export function exportModel(file: ModelFile, format: ExportFormat, weightsFile?: string): Uint8Array | string {
  switch (format) {
    case 'onnx':
      return exportOnnx(file);
    case 'pytorch':
      return exportPytorch(file, weightsFile);
    case 'keras':
      return exportKeras(file, weightsFile);
    default:
      return format satisfies never;
  }
}
