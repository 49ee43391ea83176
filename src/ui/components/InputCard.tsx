// The input block at the top of the stack; select it to edit height, width and channels in the inspector.
import { grouped, type Shape } from '../../model/index.ts';
import { shapeLabel } from '../format.ts';

export function InputCard({ shape, selected, onSelect }: { shape: Shape; selected: boolean; onSelect(): void }) {
  return (
    <div className={`card input-card${selected ? ' is-selected' : ''}`} aria-label={`Input, ${shapeLabel(shape)}`} data-testid="input-card" onClick={onSelect}>
      <div className="card-main">
        <span className="drag-handle-space" />
        <span className="card-pos">0</span>
        <span className="card-type">
          <button type="button" className="card-select" aria-pressed={selected} onClick={onSelect} aria-label="Select the input to edit its size">
            Input
          </button>
        </span>
        <span className="card-shape">{shapeLabel(shape)}</span>
        <span className="card-stat">{grouped(shape[0] * shape[1] * shape[2])} values</span>
        <span className="card-stat">{shape[2] === 1 ? 'grayscale' : shape[2] === 3 ? 'RGB' : `${shape[2]} channels`}</span>
        <span className="card-actions" />
      </div>
    </div>
  );
}
