// The Build view: the network's layer stack with its arithmetic, and the totals.
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { LayerStack } from '../components/LayerStack.tsx';
import { TotalsPanel } from '../components/TotalsPanel.tsx';

export function BuildView() {
  const analysis = useAnalysis();
  const description = useAppStore((s) => s.spec.description);
  return (
    <main className="content">
      <div className="network-column">
        <section className="network-intro">
          <h2 data-testid="network-name">{analysis.name}</h2>
          {description && <p className="description">{description}</p>}
        </section>
        <LayerStack analysis={analysis} />
      </div>
      <TotalsPanel analysis={analysis} />
    </main>
  );
}
