import { useEngineProbe } from '../useEngineProbe.ts';

export function GpuStatusChip() {
  const probe = useEngineProbe();
  if (!probe) {
    return (
      <span className="chip chip-pending" data-testid="gpu-status" role="status">
        Checking WebGPU…
      </span>
    );
  }
  if (probe.webgpu) {
    const limits = probe.limits;
    // The chip may be cut short in a narrow header: its title starts with the whole text.
    const title = `WebGPU: ${probe.adapter ?? 'unknown adapter'}${
      limits
        ? `. Max storage buffer binding: ${limits.maxStorageBufferBindingSize} B; workgroup storage: ${limits.maxComputeWorkgroupStorageSize} B; invocations per workgroup: ${limits.maxComputeInvocationsPerWorkgroup}; ${probe.features.length} features`
        : ''
    }`;
    return (
      <span className="chip chip-ok" data-testid="gpu-status" role="status" title={title}>
        WebGPU: {probe.adapter ?? 'unknown adapter'}
      </span>
    );
  }
  return (
    <span className="chip chip-warn" data-testid="gpu-status" role="status" title={`No WebGPU in this browser — training runs on the CPU, in the WASM engine${probe.error ? `. ${probe.error}` : ''}`}>
      No WebGPU in this browser — training runs on the CPU (WASM)
    </span>
  );
}
