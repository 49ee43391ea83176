// The wasm engine's builds, as data: scripts/build-wasm.ts compiles each one from wasm/kernels/ with asc, and the
// loader picks the best one the runtime can run (threads need shared memory, relaxed SIMD needs the fused
// multiply-add). Every build uses 128-bit SIMD.

export interface WasmVariant {
  /** File name under wasm/build/. */
  file: string;
  /** Imports a shared WebAssembly.Memory (SharedArrayBuffer): what a pool of threads runs on. */
  shared: boolean;
  /** Built with relaxed SIMD: f32x4.relaxed_madd, a fused multiply-add where the CPU has one. */
  relaxed: boolean;
}

export const WASM_VARIANTS: readonly WasmVariant[] = [
  { file: 'convlab-simd.wasm', shared: false, relaxed: false },
  { file: 'convlab-simd-threads.wasm', shared: true, relaxed: false },
  { file: 'convlab-relaxed.wasm', shared: false, relaxed: true },
  { file: 'convlab-relaxed-threads.wasm', shared: true, relaxed: true },
];

/** The largest memory a build declares, in 64 KiB pages (4 GiB, wasm32's whole address space). */
export const MAX_PAGES = 65536;

/** The asc command-line flags of a variant (output path added by the caller). */
export function ascFlags(v: WasmVariant): string[] {
  return [
    '--runtime', 'stub',
    '--importMemory',
    '--initialMemory', '1',
    '--maximumMemory', String(MAX_PAGES),
    ...(v.shared ? ['--sharedMemory', '--enable', 'threads'] : []),
    '--enable', 'simd',
    ...(v.relaxed ? ['--enable', 'relaxed-simd'] : []),
    '-O3',
    '--noAssert',
    '--use', 'abort=',
  ];
}
