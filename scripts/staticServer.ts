// A plain static file server (no Vite, no special headers unless asked), serving a built dist/ under a sub-path
// the way GitHub Pages or a school web server would: for the static-site e2e test and `npm run bench -- --load`.

import { createReadStream, statSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  /** The site's URL, ending in the sub-path and a slash, e.g. http://127.0.0.1:4190/convlab/. */
  url: string;
  /** Every path asked for so far, in order (tests check what was, or was not, downloaded). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `dir` at `prefix` (e.g. '/convlab/'); a folder answers with its index.html, anything outside the prefix or
 * missing with 404. `headers` go on every answer (none by default: a host that cannot send COOP/COEP).
 */
export function serveStatic(dir: string, options: { port?: number; prefix?: string; headers?: OutgoingHttpHeaders } = {}): Promise<StaticServer> {
  const prefix = options.prefix ?? '/';
  const root = normalize(dir) + sep;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    requests.push(url);
    if (url === prefix.replace(/\/$/, '')) {
      res.writeHead(301, { Location: prefix });
      res.end();
      return;
    }
    let path = url.startsWith(prefix) ? normalize(join(root, url.slice(prefix.length))) : '';
    if (!path.startsWith(root.slice(0, -1))) path = '';
    let size = -1;
    let mtime = 0;
    try {
      let stat = path ? statSync(path) : null;
      if (stat?.isDirectory()) {
        path = join(path, 'index.html');
        stat = statSync(path);
      }
      if (stat?.isFile()) {
        size = stat.size;
        mtime = stat.mtimeMs;
      }
    } catch {
      // missing
    }
    if (size < 0) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`${url} not found`);
      return;
    }
    // Validators as any static host sends them, so a warm load revalidates (or uses its heuristic freshness).
    const etag = `"${size.toString(16)}-${Math.floor(mtime).toString(16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, ...options.headers });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': String(size), ETag: etag, 'Last-Modified': new Date(mtime).toUTCString(), ...options.headers });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
