// A small next-step hint on the first screen: a network is ready, so say what comes next (data, then Train) with
// buttons that go there. Dismissed once, it stays dismissed (localStorage).
import { useState } from 'react';
import { useAppStore } from '../../store/index.ts';

export const HINT_DISMISSED_KEY = 'convlab.nextStepHint.dismissed';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy settings): the hint simply shows each time
  }
}

export function NextStepHint({ onGo }: { onGo(view: 'data' | 'train'): void }) {
  const [dismissed, setDismissed] = useState(() => storage()?.getItem(HINT_DISMISSED_KEY) === '1');
  const dataset = useAppStore((s) => s.dataset);
  if (dismissed) return null;
  const dismiss = () => {
    storage()?.setItem(HINT_DISMISSED_KEY, '1');
    setDismissed(true);
  };
  return (
    <aside className="next-step" aria-label="Next step" data-testid="next-step">
      <p>
        <strong>Next:</strong>{' '}
        {dataset ? `train this network on ${dataset.name} in Train, then look inside it.` : 'pick the data to train on, then train this network in Train.'}
      </p>
      {!dataset && (
        <button type="button" className="button small" onClick={() => onGo('data')}>
          Pick data
        </button>
      )}
      <button type="button" className="button small" onClick={() => onGo('train')}>
        Go to Train
      </button>
      <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss this hint" title="Dismiss (it will not come back)">
        ×
      </button>
    </aside>
  );
}
