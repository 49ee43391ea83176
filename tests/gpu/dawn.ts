// Dawn (the `webgpu` npm package) on SwiftShader for Node tests: the same WebGPU API the browser worker uses.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);

let gpu: GPU | null = null;

/** A Dawn GPU object, created once per test file (Vulkan backend; SwiftShader via VK_ICD_FILENAMES). */
export function dawnGpu(): GPU {
  gpu ??= create(['backend=vulkan']) as unknown as GPU;
  return gpu;
}

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
