// What the browser keeps of the bundled datasets (Cache Storage, checked against the manifest's SHA-256 on every
// use), so a reload does not download them again; one button clears it.
import { useCallback, useEffect, useState } from 'react';
import { clearDatasetCache, listCachedFiles, type CachedFile } from '../../engine/datasetCache.ts';
import { useAppStore } from '../../store/index.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Groups cached file URLs by their dataset folder (…/data/mnist/… -> mnist). */
function byDataset(files: CachedFile[]): { id: string; files: number; bytes: number }[] {
  const groups = new Map<string, { id: string; files: number; bytes: number }>();
  for (const f of files) {
    const parts = new URL(f.url).pathname.split('/');
    const id = parts[parts.length - 2] ?? '?';
    const g = groups.get(id) ?? { id, files: 0, bytes: 0 };
    g.files++;
    g.bytes += f.bytes;
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function DatasetCachePanel() {
  const [files, setFiles] = useState<CachedFile[] | null>(null);
  // Refreshed whenever a dataset finishes loading (it may have just been cached).
  const loading = useAppStore((s) => s.datasetLoad !== null);
  const refresh = useCallback(() => {
    listCachedFiles().then(setFiles, () => setFiles([]));
  }, []);
  useEffect(() => {
    if (!loading) refresh();
  }, [loading, refresh]);
  if (typeof caches === 'undefined') return null;
  const groups = byDataset(files ?? []);
  return (
    <section className="data-panel" aria-labelledby="cache-title" data-testid="dataset-cache">
      <h2 id="cache-title">Kept in this browser</h2>
      {groups.length === 0 ? (
        <p className="muted" data-testid="dataset-cache-empty">
          Nothing yet: a bundled dataset is kept here once downloaded, so it loads without downloading again.
        </p>
      ) : (
        <>
          <ul className="cache-list">
            {groups.map((g) => (
              <li key={g.id} data-testid={`cached-${g.id}`}>
                {g.id}: {g.files} files, {mb(g.bytes)}
              </li>
            ))}
          </ul>
          <button type="button" className="button" data-testid="clear-dataset-cache" onClick={() => void clearDatasetCache().then(refresh)}>
            Clear ({mb(groups.reduce((n, g) => n + g.bytes, 0))})
          </button>
        </>
      )}
    </section>
  );
}
