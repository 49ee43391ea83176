// Every bench contender as data: its name in the table and the --json lines, what the command line calls it, what it
// runs on (so its GFLOP/s is set against the adapter's matmul roofline or the CPU's SIMD peak), how many threads it
// gets, which ConvLab contender its speed-up is measured against, and how many of the steps it runs.

export interface ContenderSpec {
  /** In the table and the --json lines. */
  name: string;
  library: 'convlab' | 'tfjs';
  /** What --convlab or --tfjs calls it. */
  flag: string;
  /** gpu: set against the matmul roofline; cpu: against the SIMD peak (one thread's, or every thread's). */
  device: 'gpu' | 'cpu';
  /** CPU threads: one, or every logical processor the page has (the engine's cap aside). */
  threads: 'one' | 'all';
  /** The ConvLab contender doing the same kind of work, for the speed-up column (none for ConvLab's own). */
  versus: string | null;
  /** Steps relative to the others (slow CPU backends run fewer, so the bench stays short). */
  stepScale: number;
}

export const CONTENDERS: readonly ContenderSpec[] = [
  { name: 'convlab', library: 'convlab', flag: 'webgpu', device: 'gpu', threads: 'all', versus: null, stepScale: 1 },
  { name: 'convlab-wasm', library: 'convlab', flag: 'wasm', device: 'cpu', threads: 'all', versus: null, stepScale: 1 },
  { name: 'convlab-wasm-1t', library: 'convlab', flag: 'wasm-1t', device: 'cpu', threads: 'one', versus: null, stepScale: 1 },
  { name: 'tfjs-webgpu', library: 'tfjs', flag: 'webgpu', device: 'gpu', threads: 'all', versus: 'convlab', stepScale: 1 },
  { name: 'tfjs-webgl', library: 'tfjs', flag: 'webgl', device: 'gpu', threads: 'all', versus: 'convlab', stepScale: 1 },
  { name: 'tfjs-wasm', library: 'tfjs', flag: 'wasm', device: 'cpu', threads: 'one', versus: 'convlab-wasm', stepScale: 0.5 },
  { name: 'tfjs-wasm-threads', library: 'tfjs', flag: 'wasm-threads', device: 'cpu', threads: 'all', versus: 'convlab-wasm', stepScale: 0.5 },
  { name: 'tfjs-cpu', library: 'tfjs', flag: 'cpu', device: 'cpu', threads: 'one', versus: 'convlab-wasm', stepScale: 0.25 },
];

/** The flags of one library's contenders, in table order. */
export const flagsOf = (library: ContenderSpec['library']): string[] => CONTENDERS.filter((c) => c.library === library).map((c) => c.flag);

export function contenderSpec(library: ContenderSpec['library'], flag: string): ContenderSpec {
  const spec = CONTENDERS.find((c) => c.library === library && c.flag === flag);
  if (!spec) throw new Error(`no ${library} contender "${flag}" (known: ${flagsOf(library).join(', ')})`);
  return spec;
}

export const specNamed = (name: string): ContenderSpec | undefined => CONTENDERS.find((c) => c.name === name);
