// Dawn (the `webgpu` npm package) on SwiftShader for Node tests: the same WebGPU API the browser worker uses.
import { nodeGpu } from '../../src/cli/nodeGpu.ts';

/** The Dawn GPU object shared by the test file (Vulkan backend; SwiftShader where there is no GPU). */
export const dawnGpu = nodeGpu;

/** Exposes Dawn as navigator.gpu (Node 20 has no navigator), returning a function that undoes it. */
export function installNavigatorGpu(): () => void {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawnGpu() }, configurable: true, writable: true });
  return () => {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
  };
}

/** Whether an adapter is available here, so GPU suites can skip visibly instead of failing without a driver. */
export async function hasAdapter(): Promise<boolean> {
  try {
    return (await dawnGpu().requestAdapter()) !== null;
  } catch {
    return false;
  }
}
