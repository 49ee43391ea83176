// The wasm engine's runtime: one WebAssembly.Memory (shared between threads when the host allows it), the kernels
// instantiated on it, a bump allocator for every buffer the network needs (allocated once, never freed piecemeal),
// and a fork-join pool: the calling thread runs part 0 of each kernel and the helper threads parts 1..T-1,
// synchronised through a control block in the same memory (Atomics.wait / notify).

import { THREAD_SOURCE } from './threadSource.ts';
import { MAX_THREADS } from './threads.ts';
import { MAX_PAGES, WASM_VARIANTS, type WasmVariant } from './variants.ts';

/** What the platform gives the runtime: the build files and threads (Web Workers, or worker_threads in Node). */
export interface WasmHost {
  /** The bytes of a build under wasm/build/. */
  load(file: string): Promise<BufferSource>;
  /** Starts a helper thread running `source` (see threadSource.ts); null when the platform cannot. */
  spawn(source: string): HelperThread | null;
  /** Shared memory is available (cross-origin isolated page, or Node). */
  sharedMemory: boolean;
  /** Why there is no shared memory (shown to the user), when sharedMemory is false. */
  sharedMemoryMissing?: string;
  /** Logical processors (navigator.hardwareConcurrency or os.availableParallelism()). */
  hardwareThreads: number;
}

export interface HelperThread {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  terminate(): void;
}

/** Slots of the control block (Int32): generation, op, args, parts, done count, exit flag. */
const CONTROL = { gen: 0, op: 1, args: 2, parts: 3, done: 4, exit: 5 } as const;
/** Bytes every allocation is aligned to; each also gets this much slack so kernels may read a vector past its end. */
const ALIGN = 64;
const PAGE = 65536;
export { MAX_THREADS } from './threads.ts';

/** A float argument of a kernel call (integers and addresses are plain numbers). */
export class F32 {
  constructor(readonly value: number) {}
}
export const f32 = (v: number) => new F32(v);

type Exports = { run(op: number, args: number, part: number, parts: number): void; heapBase(): number; relaxedSimd(): number } & Record<string, unknown>;

/** Whether this runtime can run relaxed SIMD (a one-instruction module using f32x4.relaxed_madd validates). */
export function hasRelaxedSimd(): boolean {
  // (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
  const bytes = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
  ]);
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** The build to load: threads need shared memory, relaxed SIMD needs support (and can be turned off). */
export function pickVariant(shared: boolean, relaxed: boolean): WasmVariant {
  return WASM_VARIANTS.find((v) => v.shared === shared && v.relaxed === relaxed)!;
}

export interface RuntimeOptions {
  /** Threads to run kernels on, the calling one included (1: no helpers). */
  threads: number;
  /** Use relaxed SIMD when the runtime supports it (default true). */
  relaxed?: boolean;
}

export class WasmRuntime {
  /** Threads kernels run on, the caller included. */
  readonly threads: number;
  readonly variant: WasmVariant;
  /** Why the runtime has fewer threads than asked, if it does. */
  readonly note: string | null;
  private top: number;
  private readonly control: number;
  private readonly args: number;
  private ctl: Int32Array;
  /** The most parts a kernel is split into for now (see onFewerThreads). */
  private partsCap = Infinity;
  private views: { buffer: ArrayBufferLike; f32: Float32Array; i32: Int32Array; u32: Uint32Array; u8: Uint8Array; f64: Float64Array } | null = null;

  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly exports: Exports,
    private readonly helpers: HelperThread[],
    variant: WasmVariant,
    note: string | null,
  ) {
    this.variant = variant;
    this.threads = helpers.length + 1;
    this.note = note;
    this.top = Math.ceil(exports.heapBase() / ALIGN) * ALIGN;
    this.control = this.alloc(64);
    this.args = this.alloc(256);
    this.ctl = new Int32Array(memory.buffer, this.control, 8);
  }

  static async create(host: WasmHost, options: RuntimeOptions): Promise<WasmRuntime> {
    const wanted = Math.max(1, Math.min(MAX_THREADS, Math.floor(options.threads)));
    let note: string | null = null;
    let shared = wanted > 1 && host.sharedMemory;
    if (wanted > 1 && !host.sharedMemory) note = `one thread: ${host.sharedMemoryMissing ?? 'no shared memory here'}`;
    const relaxed = (options.relaxed ?? true) && hasRelaxedSimd();
    let memory: WebAssembly.Memory | null = null;
    if (shared) {
      // A shared memory declares its maximum up front; a smaller one where the address space is short.
      for (const maximum of [MAX_PAGES, 16384]) {
        try {
          memory = new WebAssembly.Memory({ initial: 64, maximum, shared: true });
          break;
        } catch {
          memory = null;
        }
      }
      if (!memory) {
        shared = false;
        note = 'one thread: this browser refused a shared memory';
      }
    }
    memory ??= new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES });
    const variant = pickVariant(shared, relaxed);
    const module = await WebAssembly.compile(await host.load(variant.file));
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const exports = instance.exports as unknown as Exports;
    const helpers: HelperThread[] = [];
    const runtime = new WasmRuntime(memory, exports, helpers, variant, note);
    if (shared) {
      const started = await startHelpers(host, module, memory, runtime.control, wanted - 1);
      helpers.push(...started.threads);
      if (started.note) (runtime as { note: string | null }).note = started.note;
      (runtime as { threads: number }).threads = helpers.length + 1;
    }
    return runtime;
  }

  /** The kernel op number exported as OP_<NAME>. */
  op(name: string): number {
    const g = this.exports[`OP_${name}`];
    if (!(g instanceof WebAssembly.Global)) throw new Error(`wasm kernels export no OP_${name}`);
    return g.value as number;
  }

  /** Bytes for a buffer, 64-byte aligned and followed by 64 bytes of slack; grows the memory as needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = at + Math.ceil((bytes + ALIGN) / ALIGN) * ALIGN;
    const need = Math.ceil(this.top / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (need > have) {
      if (need > MAX_PAGES) throw new Error(`wasm engine: the network and data need ${(this.top / 2 ** 30).toFixed(2)} GiB, more than WebAssembly's 4 GiB`);
      this.memory.grow(need - have);
    }
    return at;
  }

  allocF32(count: number): number {
    return this.alloc(count * 4);
  }

  /** The allocator's position, to free everything allocated after it with reset(). */
  mark(): number {
    return this.top;
  }

  reset(mark: number): void {
    this.top = mark;
  }

  /** Typed views over the whole memory (renewed after the memory grows). */
  get heap() {
    const buffer = this.memory.buffer;
    if (!this.views || this.views.buffer !== buffer || this.views.u8.byteLength !== buffer.byteLength) {
      this.views = { buffer, f32: new Float32Array(buffer), i32: new Int32Array(buffer), u32: new Uint32Array(buffer), u8: new Uint8Array(buffer), f64: new Float64Array(buffer) };
    }
    return this.views;
  }

  /** A Float32Array view of `count` floats at byte address `at` (valid until the memory grows). */
  f32(at: number, count: number): Float32Array {
    return this.heap.f32.subarray(at >>> 2, (at >>> 2) + count);
  }

  /**
   * Runs kernel `op` on `args` split into `parts` (default: every thread; capped at the thread count). Blocks until
   * every part is done. Each argument is an i32 (or a byte address) or an f32().
   */
  run(op: number, args: (number | F32)[], parts = this.threads): void {
    const { i32, f32: floats } = this.heap;
    const base = this.args >>> 2;
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      if (a instanceof F32) floats[base + k] = a.value;
      else i32[base + k] = a;
    }
    const n = Math.max(1, Math.min(parts, this.threads, this.partsCap));
    if (n === 1) {
      this.exports.run(op, this.args, 0, 1);
      return;
    }
    const ctl = this.ctl;
    ctl[CONTROL.op] = op;
    ctl[CONTROL.args] = this.args;
    ctl[CONTROL.parts] = n;
    Atomics.store(ctl, CONTROL.done, 0);
    Atomics.add(ctl, CONTROL.gen, 1);
    Atomics.notify(ctl, CONTROL.gen);
    this.exports.run(op, this.args, 0, n);
    const helpers = this.helpers.length;
    for (let done = Atomics.load(ctl, CONTROL.done); done < helpers; done = Atomics.load(ctl, CONTROL.done)) Atomics.wait(ctl, CONTROL.done, done);
  }

  /** Parts worth splitting `work` (multiply-adds or elements) into: no more than one per `grain`. */
  partsFor(work: number, grain = 16384): number {
    return Math.max(1, Math.min(this.threads, this.partsCap, Math.floor(work / grain)));
  }

  /** Runs `task` with every kernel on at most `threads` threads (work too small to pay for waking helpers). */
  onFewerThreads<T>(threads: number, task: () => T): T {
    const before = this.partsCap;
    this.partsCap = Math.max(1, threads);
    try {
      return task();
    } finally {
      this.partsCap = before;
    }
  }

  destroy(): void {
    if (this.helpers.length) {
      Atomics.store(this.ctl, CONTROL.exit, 1);
      Atomics.add(this.ctl, CONTROL.gen, 1);
      Atomics.notify(this.ctl, CONTROL.gen);
      for (const h of this.helpers) h.terminate();
      this.helpers.length = 0;
    }
  }
}

async function startHelpers(host: WasmHost, module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, count: number): Promise<{ threads: HelperThread[]; note: string | null }> {
  const threads: HelperThread[] = [];
  for (let i = 0; i < count; i++) {
    const t = host.spawn(THREAD_SOURCE);
    if (!t) break;
    threads.push(t);
  }
  const ready = threads.map(
    (t, i) =>
      new Promise<void>((resolve, reject) => {
        t.onMessage((m) => {
          const msg = m as { ready?: number; error?: string };
          if (msg.error) reject(new Error(msg.error));
          else resolve();
        });
        t.post({ module, memory, control, index: i + 1, helpers: threads.length });
      }),
  );
  try {
    await Promise.all(ready);
    return { threads, note: threads.length < count ? `${threads.length + 1} threads: this platform could not start more` : null };
  } catch (e) {
    for (const t of threads) t.terminate();
    return { threads: [], note: `one thread: helper threads failed to start (${e instanceof Error ? e.message : String(e)})` };
  }
}
