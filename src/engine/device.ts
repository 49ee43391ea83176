// WebGPU adapter and device acquisition, shared by the probe and (later) the training engine.
// Pure WebGPU: runs in a worker or a window, touches no DOM.

export interface AdapterLimits {
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
}

export interface ProbeResult {
  webgpu: boolean;
  /** Human-readable adapter name built from adapter.info (vendor, architecture, description). */
  adapter?: string;
  limits?: AdapterLimits;
  features: string[];
  error?: string;
}

/** navigator.gpu where the platform has it, else null. */
export function gpuApi(): GPU | null {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? null;
}

/** Requests an adapter; throws an Error with a readable message when there is none. */
export async function requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter> {
  const gpu = gpuApi();
  if (!gpu) throw new Error('navigator.gpu is not available (WebGPU is not supported or not enabled)');
  const adapter = await gpu.requestAdapter(options);
  if (!adapter) throw new Error('requestAdapter() returned no adapter (no usable GPU or WebGPU is blocked)');
  return adapter;
}

/**
 * Requests a device from the adapter with the limits the engine relies on raised to the adapter's maxima. The
 * defaults (128 MiB per binding, 256 MiB per buffer) are below what the whole CIFAR-10 training set (153.6 MB as
 * bytes) or a larger upload needs in one buffer; most adapters offer far more (SwiftShader and desktop GPUs 1 GiB+).
 */
export async function requestDevice(adapter: GPUAdapter, label = 'convlab'): Promise<GPUDevice> {
  const limits = adapterLimits(adapter);
  return adapter.requestDevice({
    label,
    // Per-layer GPU times (src/engine/profile.ts) come from timestamp queries where the adapter has them.
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
}

export function adapterLimits(adapter: GPUAdapter): AdapterLimits {
  return {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
  };
}

/** "google swiftshader (SwiftShader Device (Subzero))": the non-empty, distinct parts of adapter.info. */
export function adapterName(adapter: GPUAdapter): string {
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  if (!info) return 'unknown adapter';
  const head = [info.vendor, info.architecture].filter((s) => s && s.trim()).join(' ');
  const description = info.description?.trim();
  if (description && description.toLowerCase() !== head.toLowerCase()) return head ? `${head} (${description})` : description;
  return head || 'unknown adapter';
}

/** Finds the adapter, proves a device can be created, and reports what it offers; never throws. */
export async function probeWebGPU(): Promise<ProbeResult> {
  if (!gpuApi()) return { webgpu: false, features: [], error: 'navigator.gpu is not available in this context' };
  try {
    const adapter = await requestAdapter();
    const result: ProbeResult = {
      webgpu: true,
      adapter: adapterName(adapter),
      limits: adapterLimits(adapter),
      features: [...adapter.features].map(String).sort(),
    };
    const device = await requestDevice(adapter, 'convlab-probe');
    device.destroy();
    return result;
  } catch (e) {
    return { webgpu: false, features: [], error: e instanceof Error ? e.message : String(e) };
  }
}
