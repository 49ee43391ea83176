// WGSL source by name ("matmul" → shaders/matmul.wgsl), in both environments:
// - under Vite (browser worker, vitest) the files are bundled with import.meta.glob;
// - under plain Node/tsx there is no import.meta.glob, so the host installs a loader with setShaderSource()
//   (tests/gpu/shaderFiles.ts reads the files with node:fs). An installed loader takes precedence.

export type ShaderLoader = (name: string) => string;

let loader: ShaderLoader | null = null;
let bundled: Record<string, string> | null = null;

/** Installs (or, with null, removes) the loader used before the Vite-bundled sources. */
export function setShaderSource(next: ShaderLoader | null): void {
  loader = next;
}

function viteSources(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const files = import.meta.glob<string>('../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true });
    for (const [path, code] of Object.entries(files)) out[path.replace(/^.*\//, '').replace(/\.wgsl$/, '')] = code;
  } catch {
    // Not under Vite: import.meta.glob is undefined; setShaderSource() must be used instead.
  }
  return out;
}

/** The WGSL source of shaders/<name>.wgsl; throws naming the shader when it cannot be found. */
export function shaderSource(name: string): string {
  if (loader) return loader(name);
  bundled ??= viteSources();
  const code = bundled[name];
  if (code === undefined) throw new Error(`shader "${name}" not found (no shaders/${name}.wgsl bundled and no loader set with setShaderSource)`);
  return code;
}
