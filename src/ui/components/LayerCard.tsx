import { compact, grouped, layerDef, type LayerAnalysis, type SpecIssue } from '../../model/index.ts';
import { plural, shapeLabel } from '../format.ts';

function Issues({ issues }: { issues: SpecIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="card-issues">
      {issues.map((i, k) => (
        <li key={k} className={`issue issue-${i.severity}`}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

function receptiveFieldText(layer: LayerAnalysis): string {
  const rf = layer.receptiveField;
  if (rf.global) return 'whole input';
  const size = rf.size[0] === rf.size[1] ? `${rf.size[0]}×${rf.size[0]}` : `${rf.size[0]}×${rf.size[1]}`;
  const jump = rf.jump[0] === rf.jump[1] ? `${rf.jump[0]}` : `${rf.jump[0]}×${rf.jump[1]}`;
  return `${size}, jump ${jump}`;
}

export function LayerCard({ layer }: { layer: LayerAnalysis }) {
  const position = layer.index + 1;
  const shape = shapeLabel(layer.outputShape, layer.flat);
  const label = `Layer ${position} ${layer.type}, output ${shape}, ${grouped(layer.params)} ${plural(layer.params, 'parameter')}`;
  const def = layerDef(layer.type);
  return (
    <li className={`card layer-card cat-${def.category}`} role="listitem" aria-label={label} data-testid="layer-card">
      <div className="card-main">
        <span className="card-pos">{position}</span>
        <span className="card-type" title={def.summary}>
          {def.label}
          {!layer.trainable && <span className="tag">frozen</span>}
        </span>
        <span className="card-shape" data-testid="layer-shape">
          {shape}
        </span>
        <span className="card-stat" title={`${grouped(layer.params)} parameters (${grouped(layer.weights)} weights, ${grouped(layer.biases)} biases)`}>
          {layer.params > 0 ? `${compact(layer.params)} params` : '—'}
        </span>
        <span className="card-stat" title={`${grouped(layer.macs)} multiply-accumulates per example`}>
          {layer.macs > 0 ? `${compact(layer.macs)} MACs` : '—'}
        </span>
      </div>
      {layer.formula && (
        <div className="card-formula">
          {layer.formula.height === layer.formula.width ? `H, W: ${layer.formula.height}` : `H: ${layer.formula.height} · W: ${layer.formula.width}`}
          <span className="card-rf" title="Receptive field: the input pixels one output unit sees, and the input step between neighbouring units">
            {' '}· receptive field {receptiveFieldText(layer)}
          </span>
        </div>
      )}
      <Issues issues={layer.issues} />
    </li>
  );
}
