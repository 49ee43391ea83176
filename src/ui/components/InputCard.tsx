import { grouped, type Shape } from '../../model/index.ts';
import { shapeLabel } from '../format.ts';

export function InputCard({ shape }: { shape: Shape }) {
  return (
    <div className="card input-card" aria-label={`Input, ${shapeLabel(shape)}`} data-testid="input-card">
      <div className="card-main">
        <span className="card-pos">0</span>
        <span className="card-type">Input</span>
        <span className="card-shape">{shapeLabel(shape)}</span>
        <span className="card-stat">{grouped(shape[0] * shape[1] * shape[2])} values</span>
        <span className="card-stat">{shape[2] === 1 ? 'grayscale' : shape[2] === 3 ? 'RGB' : `${shape[2]} channels`}</span>
      </div>
    </div>
  );
}
