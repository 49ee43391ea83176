// A page of examples with their labels; clicking one picks it for the augmentation preview.
import type { DatasetInfo } from '../../engine/api.ts';
import { exampleAt } from './pixels.ts';
import { SampleCanvas } from './SampleCanvas.tsx';
import type { SamplePage } from './useDatasetSamples.ts';

export function SampleGrid(props: { dataset: DatasetInfo; page: SamplePage; selected: number | null; onSelect(index: number): void }) {
  const { dataset, page, selected, onSelect } = props;
  const [h, w, c] = dataset.shape;
  const size = h * w * c;
  return (
    <ul className="sample-grid" data-testid="sample-grid" aria-label="Examples">
      {page.indices.map((index, k) => {
        const name = dataset.classes[page.labels[k]!] ?? String(page.labels[k]);
        return (
          <li key={index}>
            <button type="button" className={`sample${selected === index ? ' selected' : ''}`} onClick={() => onSelect(index)} aria-pressed={selected === index} data-testid="sample">
              <SampleCanvas pixels={exampleAt(page.pixels, k, size)} height={h} width={w} channels={c} size={56} label={`Example ${index}: ${name}`} />
              <span className="sample-label" data-testid="sample-label">
                {name}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
