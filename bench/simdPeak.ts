// The CPU's practical SIMD peak as WebAssembly sees it: a loop of independent 128-bit multiply-adds (ten accumulators,
// so each add waits on nothing but its own chain), run on one thread and on every thread at once (Web Workers). The
// CPU contenders' training GFLOP/s are reported as a share of it, as the GPU ones are of the matmul roofline.
// With relaxed SIMD the multiply-add is fused (f32x4.relaxed_madd: one instruction, 8 FLOPs); without, it is an
// f32x4.mul then an f32x4.add (two instructions, 8 FLOPs). The better of the two is the peak.

/** Independent accumulators per loop iteration (enough to cover a multiply-add's latency on current cores). */
const ACCUMULATORS = 10;
/** FLOPs one iteration does: every accumulator, 4 lanes, a multiply and an add. */
const FLOPS_PER_ITERATION = ACCUMULATORS * 4 * 2;

export interface SimdPeak {
  /** GFLOP/s of one thread. */
  perThread: number;
  /** GFLOP/s of `threads` threads running at once. */
  allThreads: number;
  threads: number;
  /** Whether the best form was the fused (relaxed SIMD) multiply-add. */
  fused: boolean;
}

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const f32x4Const = (v: number) => [0xfd, 0x0c, ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([v]).buffer)]).flat()];

/**
 * (func (export "peak") (param $n i32) (result f32)): $n iterations of acc[k] = acc[k] * m + c for k < ACCUMULATORS
 * (m = 0.999, c = 0.001, so the values stay bounded), returning the sum's lane 0 so nothing is optimised away.
 */
export function peakModule(fused: boolean): Uint8Array<ArrayBuffer> {
  const GET = 0x20;
  const SET = 0x21;
  const TEE = 0x22;
  const m = ACCUMULATORS + 1;
  const c = ACCUMULATORS + 2;
  const ADD = [0xfd, ...leb(228)];
  const MUL = [0xfd, ...leb(230)];
  const MADD = [0xfd, ...leb(261)];
  const body: number[] = [1, ...leb(ACCUMULATORS + 2), 0x7b]; // locals: accumulators, m, c (v128)
  body.push(...f32x4Const(0.999), SET, m, ...f32x4Const(0.001), SET, c);
  body.push(0x03, 0x40); // loop
  for (let k = 1; k <= ACCUMULATORS; k++) {
    if (fused) body.push(GET, k, GET, m, GET, c, ...MADD, SET, k);
    else body.push(GET, k, GET, m, ...MUL, GET, c, ...ADD, SET, k);
  }
  body.push(GET, 0, 0x41, 1, 0x6b, TEE, 0, 0x0d, 0); // $n -= 1; br_if 0 ($n != 0)
  body.push(0x0b); // end loop
  body.push(GET, 1);
  for (let k = 2; k <= ACCUMULATORS; k++) body.push(GET, k, ...ADD);
  body.push(0xfd, 0x1f, 0, 0x0b); // f32x4.extract_lane 0; end
  const code = [1, ...leb(body.length), ...body];
  const name = [...new TextEncoder().encode('peak')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]),
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0, 0]),
    ...section(10, code),
  ]);
}

type Peak = (iterations: number) => number;

function instantiate(bytes: Uint8Array<ArrayBuffer>): Peak | null {
  try {
    return (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { peak: Peak }).peak;
  } catch {
    return null;
  }
}

const now = () => performance.now();

/** Iterations that take about `ms` on this thread. */
function calibrate(peak: Peak, ms: number): number {
  let n = 1 << 16;
  for (;;) {
    const t0 = now();
    peak(n);
    const dt = now() - t0;
    if (dt > 20) return Math.max(1, Math.round((n * ms) / dt));
    n *= 4;
  }
}

/** GFLOP/s of one thread (the calling one): the best of `rounds` runs of about `ms` each. */
function oneThread(peak: Peak, rounds: number, ms: number): { gflops: number; iterations: number } {
  const iterations = calibrate(peak, ms);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = now();
    peak(iterations);
    best = Math.max(best, (iterations * FLOPS_PER_ITERATION) / ((now() - t0) * 1e6));
  }
  return { gflops: best, iterations };
}

const WORKER_SOURCE = `
onmessage = (e) => {
  const peak = new WebAssembly.Instance(new WebAssembly.Module(e.data.bytes)).exports.peak;
  peak(1000);
  const iterations = e.data.iterations;
  onmessage = () => {
    const t0 = performance.now();
    peak(iterations);
    postMessage(performance.now() - t0);
  };
  postMessage('ready');
};`;

/** GFLOP/s of `threads` workers started together (total FLOPs over the slowest one's time), best of `rounds`. */
async function manyThreads(bytes: Uint8Array<ArrayBuffer>, iterations: number, threads: number, rounds: number): Promise<number> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const workers = Array.from({ length: threads }, () => new Worker(url));
  const next = (w: Worker) => new Promise<unknown>((resolve) => (w.onmessage = (e) => resolve(e.data)));
  try {
    await Promise.all(workers.map((w) => {
      const ready = next(w);
      w.postMessage({ bytes, iterations });
      return ready;
    }));
    let best = 0;
    for (let r = 0; r < rounds; r++) {
      const times = await Promise.all(workers.map((w) => {
        const done = next(w);
        w.postMessage('go');
        return done as Promise<number>;
      }));
      best = Math.max(best, (threads * iterations * FLOPS_PER_ITERATION) / (Math.max(...times) * 1e6));
    }
    return best;
  } finally {
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
  }
}

/** Measures the peak on one thread and on `threads` at once, with the fused form where the browser has it. */
export async function measureSimdPeak(threads: number, log: (message: string) => void = () => {}): Promise<SimdPeak> {
  let best: { perThread: number; iterations: number; fused: boolean; bytes: Uint8Array<ArrayBuffer> } | null = null;
  for (const fused of [false, true]) {
    const bytes = peakModule(fused);
    const peak = instantiate(bytes);
    if (!peak) continue; // no relaxed SIMD here
    const { gflops, iterations } = oneThread(peak, 5, 150);
    log(`SIMD peak, ${fused ? 'fused f32x4.relaxed_madd' : 'f32x4.mul + f32x4.add'}: ${gflops.toFixed(1)} GFLOP/s on one thread`);
    if (!best || gflops > best.perThread) best = { perThread: gflops, iterations, fused, bytes };
  }
  if (!best) throw new Error('this browser runs no 128-bit SIMD WebAssembly');
  const allThreads = threads > 1 && typeof Worker !== 'undefined' ? await manyThreads(best.bytes, best.iterations, threads, 4) : best.perThread;
  log(`SIMD peak on ${threads} threads at once: ${allThreads.toFixed(1)} GFLOP/s`);
  return { perThread: best.perThread, allThreads, threads, fused: best.fused };
}

/** The higher of two measurements of the same peak, figure by figure. */
export function bestPeak(a: SimdPeak, b: SimdPeak): SimdPeak {
  return { ...(b.perThread > a.perThread ? b : a), allThreads: Math.max(a.allThreads, b.allThreads) };
}
