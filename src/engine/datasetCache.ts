// The bundled datasets' files, fetched once, checked against the manifest's SHA-256 and kept in Cache Storage, so
// a reload or a second visit reads them from disk. A file whose checksum does not match is reported, never used
// (and a cached copy that no longer matches is dropped and fetched again). Works in the worker, the page and Node
// (Node has no Cache Storage: there it only verifies).

import { fetchBytes } from './fetchBytes.ts';

/** The Cache Storage cache that holds the datasets' files. */
export const DATASET_CACHE = 'convlab-datasets-v1';

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function cacheStorage(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

/** The cache key: the file's URL with its checksum, so a changed file is a new entry. */
const cacheKey = (url: string, sha256: string) => `${url}${url.includes('?') ? '&' : '?'}sha256=${sha256}`;

/**
 * The bytes of `url`, whose SHA-256 must be `sha256` (when given): from the cache if it holds a matching copy, else
 * from the network (with progress), then cached. Throws when the file's checksum does not match the manifest.
 */
export async function fetchVerified(url: string, sha256: string | undefined, onChunk: (n: number) => void): Promise<Uint8Array> {
  const store = cacheStorage();
  const cache = sha256 && store ? await store.open(DATASET_CACHE).catch(() => null) : null;
  const key = sha256 ? cacheKey(url, sha256) : url;
  if (cache && sha256) {
    const hit = await cache.match(key).catch(() => undefined);
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      if ((await sha256Hex(bytes)) === sha256) {
        onChunk(bytes.length);
        return bytes;
      }
      await cache.delete(key); // damaged on disk: fetch it again
    }
  }
  const bytes = await fetchBytes(url, onChunk);
  if (sha256) {
    const actual = await sha256Hex(bytes);
    if (actual !== sha256) {
      throw new Error(`${url} does not match the data manifest's checksum (SHA-256 ${actual}, expected ${sha256}), so it was not used: the file is damaged or from another version; rebuild the site or run \`npm run data\`.`);
    }
    await cache?.put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) } })).catch(() => {});
  }
  return bytes;
}

/** One cached file: its URL (without the checksum) and size in bytes. */
export interface CachedFile {
  url: string;
  bytes: number;
}

/** What the dataset cache holds. */
export async function listCachedFiles(): Promise<CachedFile[]> {
  const store = cacheStorage();
  if (!store || !(await store.has(DATASET_CACHE))) return [];
  const cache = await store.open(DATASET_CACHE);
  const out: CachedFile[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const size = Number(response?.headers.get('Content-Length') ?? 0);
    out.push({ url: request.url.replace(/[?&]sha256=[0-9a-f]+$/, ''), bytes: size });
  }
  return out;
}

/** Empties the dataset cache; the next pick downloads again. */
export async function clearDatasetCache(): Promise<void> {
  await cacheStorage()?.delete(DATASET_CACHE);
}
