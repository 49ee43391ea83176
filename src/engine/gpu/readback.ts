// Reads byte ranges of several GPU buffers back in one copy and one map (whole buffers from offset 0; sizes rounded
// up to 4 bytes for the copy, trimmed again in the result).

export async function readBuffers(device: GPUDevice, parts: [GPUBuffer, number][]): Promise<ArrayBuffer[]> {
  const total = parts.reduce((s, [, n]) => s + Math.ceil(n / 4) * 4, 0);
  const staging = device.createBuffer({ size: Math.max(4, total), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  let at = 0;
  for (const [buffer, bytes] of parts) {
    const n = Math.ceil(bytes / 4) * 4;
    if (n > 0) encoder.copyBufferToBuffer(buffer, 0, staging, at, n);
    at += n;
  }
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const all = staging.getMappedRange();
  const out: ArrayBuffer[] = [];
  at = 0;
  for (const [, bytes] of parts) {
    out.push(all.slice(at, at + bytes));
    at += Math.ceil(bytes / 4) * 4;
  }
  staging.unmap();
  staging.destroy();
  return out;
}
