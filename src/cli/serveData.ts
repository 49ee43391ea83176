// A Vite plugin that serves the prepared data folder (data/, made by `npm run data`) at /data/ in both the dev and
// the preview server, so the 300 MB of datasets are streamed from disk instead of being copied into every build.

import { createReadStream, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

export function serveData(dir: string, urlPrefix = '/data/'): Plugin {
  const root = normalize(dir) + sep;
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    if (!url.startsWith(urlPrefix)) return next();
    const path = normalize(join(root, url.slice(urlPrefix.length)));
    if (!path.startsWith(root)) return next(); // no escaping the folder with ../
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return next();
      size = stat.size;
    } catch {
      res.statusCode = 404;
      res.end(`${url} not found: run \`npm run data\` to prepare the datasets`);
      return;
    }
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(path).pipe(res);
  };
  return {
    name: 'convlab-serve-data',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
