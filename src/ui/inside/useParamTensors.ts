// The parameter tensors (values and, after a step, gradients) of every layer that has any, read from the worker in
// one call (one readback of the weights, one of the gradients).
import type { LayerTensors } from '../../engine/api.ts';
import type { NetworkAnalysis } from '../../model/index.ts';
import { getEngine } from '../../store/engineClient.ts';
import { useWorkerData, type WorkerData } from './useWorkerData.ts';

export function useParamTensors(analysis: NetworkAnalysis, built: boolean, tick: number): WorkerData<LayerTensors[]> {
  const layers = analysis.layers.filter((l) => l.tensors.length > 0).map((l) => l.index);
  return useWorkerData(built ? () => getEngine().allLayerTensors() : null, layers.join(','), tick);
}
