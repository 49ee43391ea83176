// One-click presets: each card loads its network (undo brings the previous one back), and an empty network (input
// only) to build from scratch.
import { analyze, compact, PRESETS } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';

// Computed once: presets never change.
const SUMMARY = new Map(PRESETS.map((p) => [p.id, compact(analyze(p.spec).totals.params)]));

export function PresetCards() {
  const presetId = useAppStore((s) => s.presetId);
  const loadPreset = useAppStore((s) => s.loadPreset);
  const loadEmptyNetwork = useAppStore((s) => s.loadEmptyNetwork);
  const empty = useAppStore((s) => s.spec.layers.length === 0);
  return (
    <section className="preset-cards" aria-label="Presets">
      <button
        type="button"
        className={`preset-card preset-empty${empty ? ' is-current' : ''}`}
        aria-pressed={empty}
        aria-label="Start an empty network (input only)"
        onClick={loadEmptyNetwork}
        data-testid="preset-empty"
        title="Only the input block, at the current input size: build the network from scratch"
      >
        <span className="preset-name">Empty network</span>
        <span className="preset-meta">input only</span>
      </button>
      {PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`preset-card${p.id === presetId ? ' is-current' : ''}`}
          aria-pressed={p.id === presetId}
          aria-label={`Load preset ${p.spec.name ?? p.id}`}
          onClick={() => loadPreset(p.id)}
          data-testid={`preset-${p.id}`}
          title={p.spec.description}
        >
          <span className="preset-name">{p.spec.name ?? p.id}</span>
          <span className="preset-meta">
            {SUMMARY.get(p.id)} params{p.trainable ? '' : ' · too big to train here'}
          </span>
        </button>
      ))}
    </section>
  );
}
