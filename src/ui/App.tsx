// The page: header, link errors, and four views over one network: Build, Data, Train, Inside.
import { lazy, Suspense, useState } from 'react';
import { Header } from './components/Header.tsx';
import { LinkErrorBanner } from './components/LinkErrorBanner.tsx';
import { WorkspaceNotice } from './workspace/WorkspaceMenu.tsx';
import { BuildView } from './views/BuildView.tsx';

// The first screen (Build) loads only what it shows; the other views, and what only they use (d3, the charts, the
// decoders), come in their own chunks when first opened.
const DataView = lazy(() => import('./views/DataView.tsx').then((m) => ({ default: m.DataView })));
const TrainView = lazy(() => import('./views/TrainView.tsx').then((m) => ({ default: m.TrainView })));
const InsideView = lazy(() => import('./views/InsideView.tsx').then((m) => ({ default: m.InsideView })));
import { NextStepHint } from './build/NextStepHint.tsx';
import { RunDiscardNotice } from './train/RunDiscardNotice.tsx';

const VIEWS = [
  { id: 'build', label: 'Build', View: BuildView },
  { id: 'data', label: 'Data', View: DataView },
  { id: 'train', label: 'Train', View: TrainView },
  { id: 'inside', label: 'Inside', View: InsideView },
] as const;

type ViewId = (typeof VIEWS)[number]['id'];

export function App() {
  const [view, setView] = useState<ViewId>('build');
  const active = VIEWS.find((v) => v.id === view)!;
  return (
    <div className="app">
      <Header />
      <LinkErrorBanner />
      <WorkspaceNotice />
      <nav className="view-tabs" role="tablist" aria-label="Views">
        {VIEWS.map((v) => (
          <button key={v.id} role="tab" aria-selected={v.id === view} data-testid={`tab-${v.id}`} className={v.id === view ? 'active' : ''} onClick={() => setView(v.id)}>
            {v.label}
          </button>
        ))}
      </nav>
      <div role="tabpanel" aria-label={active.label} className="view">
        {view === 'build' && <NextStepHint onGo={setView} />}
        <Suspense fallback={<p className="muted view-loading">Loading the {active.label} view…</p>}>
          <active.View />
        </Suspense>
      </div>
      <RunDiscardNotice hidden={view === 'train'} />
    </div>
  );
}
