// The Build view: presets, the layer palette, the network's name, the sortable stack with its arithmetic, and beside
// it the inspector, the selected layer's arithmetic and animation, the per-layer chart and the totals.
import { lazy, Suspense } from 'react';
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { ArithmeticPanel } from '../build/ArithmeticPanel.tsx';
import { BuildDnd } from '../build/BuildDnd.tsx';
import { EditToolbar } from '../build/EditToolbar.tsx';
import { Inspector } from '../build/Inspector.tsx';
import { NetworkHeader } from '../build/NetworkHeader.tsx';
import { Palette } from '../build/Palette.tsx';
import { PresetCards } from '../build/PresetCards.tsx';
import '../build/build.css';
import { LayerStack } from '../components/LayerStack.tsx';
import { TotalsPanel } from '../components/TotalsPanel.tsx';

// d3 draws the chart: it loads just after the first screen, in its own chunk.
const LayerBarChart = lazy(() => import('../build/LayerBarChart.tsx').then((m) => ({ default: m.LayerBarChart })));

export function BuildView() {
  const analysis = useAnalysis();
  const spec = useAppStore((s) => s.spec);
  const selectedIndex = useAppStore((s) => (s.selectedId ? s.layerIds.indexOf(s.selectedId) : -1));
  const selected = analysis.layers.find((l) => l.index === selectedIndex);
  return (
    <main className="build-view">
      <PresetCards />
      <BuildDnd>
        <Palette />
        <div className="network-column">
          <section className="network-intro">
            <NetworkHeader />
            <EditToolbar />
          </section>
          <LayerStack analysis={analysis} spec={spec} />
        </div>
      </BuildDnd>
      <div className="side-column">
        <Inspector />
        <ArithmeticPanel layer={selected} />
        <Suspense fallback={null}>
          <LayerBarChart analysis={analysis} />
        </Suspense>
        <TotalsPanel analysis={analysis} />
      </div>
    </main>
  );
}
