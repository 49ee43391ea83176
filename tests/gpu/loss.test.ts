// shaders/softmax_cross_entropy.wgsl on Dawn/SwiftShader against the CPU reference softmaxCrossEntropy
// (src/model/reference/activations.ts): probabilities, mean loss, gradient, predictions and the metrics reduce.
import { describe, expect, it } from 'vitest';
import { prepareKernel, workgroups1d } from '../../src/engine/kernels/kernel.ts';
import { LOSS_WORKGROUP, prepareSoftmaxCrossEntropy } from '../../src/engine/kernels/loss.ts';
import { softmaxCrossEntropy } from '../../src/model/reference/activations.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const RTOL = 1e-4;
const ATOL = 1e-6;

/** Integer labels in [0, classes) from a seeded stream. */
function randomLabels(rows: number, classes: number, seed: number): Uint32Array {
  return Uint32Array.from(randomArray(rows, seed, 0, 1), (u) => Math.min(classes - 1, Math.floor(u * classes)));
}

/** argmax of each row, first maximum on ties. */
function argmaxRows(p: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < p.length; r += classes) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[r + c]! > p[r + best]!) best = c;
    out.push(best);
  }
  return out;
}

describe.skipIf(!gpuAvailable)('softmax cross-entropy kernel on Dawn', () => {
  const gpu = useGpu('loss-test');

  async function run(logits: Float32Array, labels: Uint32Array, classes: number, o: { activeRows?: number; grad?: boolean } = {}) {
    const rows = labels.length;
    const n = rows * classes;
    const bufs = {
      probs: gpu.buffer(n * 4),
      dlogits: o.grad === false ? null : gpu.buffer(n * 4),
      predictions: gpu.buffer(rows * 4),
      rowLoss: gpu.buffer(rows * 4),
      metrics: gpu.buffer(16),
    };
    // Stale contents must be overwritten, never accumulated into.
    if (bufs.dlogits) gpu.device.queue.writeBuffer(bufs.dlogits, 0, new Float32Array(n).fill(7));
    gpu.device.queue.writeBuffer(bufs.metrics, 0, new Float32Array([5, 5, 5, 5]));
    const loss = await prepareSoftmaxCrossEntropy(gpu.cache, { rows, classes, logits: gpu.buffer(logits), labels: gpu.buffer(labels), ...bufs });
    if (o.activeRows !== undefined) loss.setActiveRows(o.activeRows);
    await gpu.run([loss]);
    const out = {
      probs: await gpu.readF32(bufs.probs, n),
      dlogits: bufs.dlogits ? await gpu.readF32(bufs.dlogits, n) : null,
      predictions: Array.from(new Uint32Array(await gpu.read(bufs.predictions, rows * 4))),
      rowLoss: await gpu.readF32(bufs.rowLoss, rows),
      metrics: await gpu.readF32(bufs.metrics, 4),
    };
    loss.destroy();
    return out;
  }

  const shapes: [number, number][] = [
    // [rows, classes]
    [1, 10],
    [7, 3],
    [64, 10],
    [5, 1000],
    [1, 1],
    [100, 2],
  ];

  for (const [rows, classes] of shapes) {
    it(`matches the reference for rows ${rows}, classes ${classes}`, async () => {
      const logits = randomArray(rows * classes, rows * 13 + classes, -6, 6);
      const labels = randomLabels(rows, classes, rows + classes);
      const g = await run(logits, labels, classes);
      const ref = softmaxCrossEntropy(logits, labels, classes);
      expectClose(g.probs, ref.probs, RTOL, ATOL, 'probs');
      expectClose(g.dlogits!, ref.grad, RTOL, ATOL, 'dlogits');
      expectClose([g.metrics[0]! / rows], [ref.loss], RTOL, ATOL, 'mean loss');
      const predicted = argmaxRows(g.probs, classes);
      expect(g.predictions).toEqual(predicted);
      const correct = predicted.filter((p, r) => p === labels[r]).length;
      expect(Array.from(g.metrics.subarray(1))).toEqual([correct, rows, 0]);
    });
  }

  it('counts only the active rows of a partial batch and zeroes the others’ gradient', async () => {
    const [rows, classes, active] = [9, 4, 5];
    const logits = randomArray(rows * classes, 3, -3, 3);
    const labels = randomLabels(rows, classes, 4);
    const g = await run(logits, labels, classes, { activeRows: active });
    const ref = softmaxCrossEntropy(logits.subarray(0, active * classes), labels.subarray(0, active), classes);
    expectClose(g.probs.subarray(0, active * classes), ref.probs, RTOL, ATOL, 'active probs');
    expectClose(g.dlogits!.subarray(0, active * classes), ref.grad, RTOL, ATOL, 'active dlogits');
    expect(Array.from(g.dlogits!.subarray(active * classes))).toEqual(new Array((rows - active) * classes).fill(0));
    expectClose([g.metrics[0]! / active], [ref.loss], RTOL, ATOL, 'mean loss');
    const predicted = argmaxRows(g.probs, classes);
    const correct = predicted.slice(0, active).filter((p, r) => p === labels[r]).length;
    expect(Array.from(g.metrics.subarray(1))).toEqual([correct, active, 0]);
    // Inactive rows still get their probabilities (the evaluation softmax output).
    expectClose(g.probs, softmaxCrossEntropy(logits, labels, classes).probs, RTOL, ATOL, 'all probs');
  });

  it('gives zero metrics with no active rows', async () => {
    const g = await run(randomArray(12, 5), Uint32Array.from([0, 1, 2]), 4, { activeRows: 0 });
    expect(Array.from(g.metrics)).toEqual([0, 0, 0, 0]);
    expect(Array.from(g.dlogits!)).toEqual(new Array(12).fill(0));
  });

  it('skips the gradient when dlogits is null (evaluation)', async () => {
    const [rows, classes] = [6, 10];
    const logits = randomArray(rows * classes, 8, -4, 4);
    const labels = randomLabels(rows, classes, 9);
    const g = await run(logits, labels, classes, { grad: false });
    const ref = softmaxCrossEntropy(logits, labels, classes);
    expect(g.dlogits).toBeNull();
    expectClose(g.probs, ref.probs, RTOL, ATOL, 'probs');
    expectClose([g.metrics[0]! / rows], [ref.loss], RTOL, ATOL, 'mean loss');
  });

  it('uses logsumexp, not log of a tiny probability: finite loss for extreme logits', async () => {
    // Row 0: the label's logit is 200 below the max, so p underflows to 0 in float32 but the loss is ~200.
    const logits = Float32Array.from([100, -100, 0, 1000, 999, -1000]);
    const labels = Uint32Array.from([1, 2]);
    const g = await run(logits, labels, 3);
    expect(g.probs[1]).toBe(0);
    const ref = softmaxCrossEntropy(logits, labels, 3);
    expectClose(g.rowLoss, [200, 2000 + Math.log1p(Math.exp(-1))], RTOL, ATOL, 'row loss');
    expectClose([g.metrics[0]! / 2], [ref.loss], RTOL, ATOL, 'mean loss');
    expectClose(g.dlogits!, ref.grad, RTOL, ATOL, 'dlogits');
  });

  it('takes the first maximum on ties', async () => {
    const logits = Float32Array.from([1, 3, 3, 0, 2, 2, 2, 2]);
    const g = await run(logits, Uint32Array.from([2, 0]), 4);
    expect(g.predictions).toEqual([1, 0]);
    expect(g.metrics[1]).toBe(1);
  });

  it('never reads out of bounds for a label ≥ classes: clamped loss and gradient, counted wrong', async () => {
    const classes = 3;
    const logits = Float32Array.from([0.1, 0.2, 5, 1, 2, 3]);
    const labels = Uint32Array.from([3, 0xffffffff]);
    const g = await run(logits, labels, classes);
    // Both rows predict class 2 = classes - 1, the clamped label, yet neither is correct.
    expect(g.predictions).toEqual([2, 2]);
    expect(g.metrics[1]).toBe(0);
    const clamped = softmaxCrossEntropy(logits, [2, 2], classes);
    expectClose([g.metrics[0]! / 2], [clamped.loss], RTOL, ATOL, 'clamped loss');
    expectClose(g.dlogits!, clamped.grad, RTOL, ATOL, 'clamped dlogits');
  });

  it('rejects active rows beyond the prepared rows', async () => {
    const buf = gpu.buffer(64);
    const loss = await prepareSoftmaxCrossEntropy(gpu.cache, { rows: 2, classes: 2, logits: buf, labels: buf, probs: buf, predictions: buf, rowLoss: buf, metrics: buf });
    expect(() => loss.setActiveRows(3)).toThrow(/active rows 3/);
    loss.destroy();
  });

  it('handles a large batch (rows 70000, classes 2)', async () => {
    const [rows, classes] = [70000, 2];
    const logits = randomArray(rows * classes, 21, -2, 2);
    const labels = randomLabels(rows, classes, 22);
    const g = await run(logits, labels, classes);
    const ref = softmaxCrossEntropy(logits, labels, classes);
    // Summing 70000 float32 losses in order: allow for the accumulated rounding.
    expectClose([g.metrics[0]! / rows], [ref.loss], 1e-3, 0, 'mean loss');
    expectClose(g.dlogits!, ref.grad, RTOL, 1e-9, 'dlogits');
  });

  it('maps a per-row workgroup grid split over y (at most 2 workgroups per dimension)', async () => {
    const [rows, classes] = [300, 3];
    const logits = randomArray(rows * classes, 31, -3, 3);
    const labels = randomLabels(rows, classes, 32);
    const [probs, dlogits, predictions, rowLoss] = [gpu.buffer(rows * classes * 4), gpu.buffer(rows * classes * 4), gpu.buffer(rows * 4), gpu.buffer(rows * 4)];
    const workgroups = workgroups1d(rows, LOSS_WORKGROUP, 2);
    expect(workgroups[1]).toBeGreaterThan(1);
    const kernel = await prepareKernel(gpu.cache, {
      shader: 'softmax_cross_entropy',
      entryPoint: 'per_row',
      constants: { WG: LOSS_WORKGROUP, HAS_DLOGITS: true },
      uniforms: [rows, classes, rows],
      buffers: [gpu.buffer(labels), predictions, rowLoss, gpu.buffer(logits), probs, dlogits],
      workgroups,
    });
    await gpu.run([kernel]);
    const ref = softmaxCrossEntropy(logits, labels, classes);
    expectClose(await gpu.readF32(probs, rows * classes), ref.probs, RTOL, ATOL, 'probs');
    expectClose(await gpu.readF32(dlogits, rows * classes), ref.grad, RTOL, ATOL, 'dlogits');
    const loss = (await gpu.readF32(rowLoss, rows)).reduce((a, b) => a + b, 0) / rows;
    expectClose([loss], [ref.loss], RTOL, ATOL, 'mean loss');
    kernel.destroy();
  });
});
