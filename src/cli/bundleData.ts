// A Vite build plugin that puts the prepared datasets (data/, made by `npm run data`) into the built site as
// dist/data/, hard-linked where the file system allows (300 MB copied once, not converted again), so that any static
// file server serves them. With CONVLAB_DATA_URL set at build time the site fetches them from there instead.

import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { asManifest, manifestFileList, MANIFEST_FILE } from '../data/manifest.ts';

/** Places `from` at `to`: a hard link (instant, no extra space), or a copy across file systems. */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export function bundleData(dir: string, dataUrl: string | undefined): Plugin {
  let outDir = 'dist';
  return {
    name: 'convlab-bundle-data',
    apply: 'build',
    configResolved: (config) => void (outDir = resolve(config.root, config.build.outDir)),
    writeBundle() {
      if (dataUrl) return; // the site reads the datasets from CONVLAB_DATA_URL
      const manifestPath = join(dir, MANIFEST_FILE);
      if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run data\` before \`vite build\` (\`npm run build\` does both).`);
      const manifest = asManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
      if (!manifest) throw new Error(`${manifestPath} is not a ConvLab data manifest: run \`npm run data\`.`);
      const out = join(outDir, 'data');
      for (const entry of manifest.datasets) for (const file of manifestFileList(entry)) place(join(dir, file), join(out, file));
      place(manifestPath, join(out, MANIFEST_FILE));
    },
  };
}
