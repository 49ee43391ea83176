import { useAnalysis, useAppStore } from '../store/index.ts';
import { Header } from './components/Header.tsx';
import { LayerStack } from './components/LayerStack.tsx';
import { LinkErrorBanner } from './components/LinkErrorBanner.tsx';
import { TotalsPanel } from './components/TotalsPanel.tsx';

export function App() {
  const analysis = useAnalysis();
  const description = useAppStore((s) => s.spec.description);
  return (
    <div className="app">
      <Header />
      <LinkErrorBanner />
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
    </div>
  );
}
