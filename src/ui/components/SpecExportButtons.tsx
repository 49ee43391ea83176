// Save the current network as a spec JSON file, or copy a link that reproduces it.
import { useState } from 'react';
import { specToJSON } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';

function fileName(name: string | undefined): string {
  const base = (name ?? 'network').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${base || 'network'}.json`;
}

export function SpecExportButtons() {
  const spec = useAppStore((s) => s.spec);
  const [copied, setCopied] = useState(false);

  function download() {
    const url = URL.createObjectURL(new Blob([specToJSON(spec)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(spec.name);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access can be refused; the link is in the address bar all the same.
      window.prompt('Copy this link to share the network:', location.href);
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={download}>
        Save spec JSON
      </button>
      <button type="button" className="button" onClick={() => void copyLink()} aria-live="polite">
        {copied ? 'Link copied' : 'Copy link'}
      </button>
    </>
  );
}
