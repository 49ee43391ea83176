// One layer of the stack: its output shape, parameters and MACs, the arithmetic, its problems, and the handles to
// drag, select, duplicate and delete it. A layer after the first broken one still shows, without numbers.
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { compact, grouped, layerDef, type LayerAnalysis, type LayerSpec, type SpecIssue } from '../../model/index.ts';
import { dragData } from '../build/dnd.ts';
import { FIT_CODES, FitFixes } from '../build/FitFixes.tsx';
import { Icon } from '../build/Icon.tsx';
import { plural, shapeLabel } from '../format.ts';

/** The layer's problems; a "doesn't fit" one carries its one-click fixes (the inspector points here). */
function Issues({ issues, analysis }: { issues: SpecIssue[]; analysis?: LayerAnalysis }) {
  if (issues.length === 0) return null;
  return (
    <ul className="card-issues">
      {issues.map((i, k) => (
        <li key={k} className={`issue issue-${i.severity}`} data-testid={`issue-${i.severity}`} data-code={i.code}>
          {i.message}
          {analysis && FIT_CODES.has(i.code) && <FitFixes layer={analysis} />}
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

export interface LayerCardProps {
  id: string;
  index: number;
  layer: LayerSpec;
  /** Missing when an earlier layer (or this one) has an error that stops the shape arithmetic. */
  analysis?: LayerAnalysis;
  issues: SpecIssue[];
  selected: boolean;
  onSelect(): void;
  onDuplicate(): void;
  onDelete(): void;
}

export function LayerCard({ id, index, layer, analysis, issues, selected, onSelect, onDuplicate, onDelete }: LayerCardProps) {
  const position = index + 1;
  const def = layerDef(layer.type);
  const what = `layer ${position} (${def.label})`;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging, isOver, active } = useSortable({
    id,
    data: { from: 'stack', index, label: what },
  });
  const paletteOver = isOver && dragData(active)?.from === 'palette';
  const shape = analysis ? shapeLabel(analysis.outputShape, analysis.flat) : '—';
  const label = analysis
    ? `Layer ${position} ${layer.type}, output ${shape}, ${grouped(analysis.params)} ${plural(analysis.params, 'parameter')}`
    : `Layer ${position} ${layer.type}, output not computed`;
  const errors = issues.some((i) => i.severity === 'error');
  const classes = ['card', 'layer-card', `cat-${def.category}`, selected && 'is-selected', isDragging && 'is-dragging', paletteOver && 'drop-before', errors && 'has-error'];
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={classes.filter(Boolean).join(' ')}
      role="listitem"
      aria-label={label}
      data-testid="layer-card"
      data-layer-id={id}
      onClick={onSelect}
    >
      <div className="card-main">
        <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`Move ${what}`} title="Drag to reorder (or focus and press space, then the arrow keys)">
          ⠿
        </button>
        <span className="card-pos">{position}</span>
        <span className="card-type" title={def.summary}>
          <button type="button" className="card-select" aria-pressed={selected} onClick={onSelect} aria-label={`Select ${what} to edit it`}>
            {def.label}
          </button>
          {analysis && !analysis.trainable && <span className="tag">frozen</span>}
        </span>
        <span className="card-shape" data-testid="layer-shape">
          {shape}
        </span>
        <span className="card-stat" title={analysis ? `${grouped(analysis.params)} parameters (${grouped(analysis.weights)} weights, ${grouped(analysis.biases)} biases)` : undefined}>
          {analysis && analysis.params > 0 ? `${compact(analysis.params)} params` : '—'}
        </span>
        <span className="card-stat" title={analysis ? `${grouped(analysis.macs)} multiply-accumulates per example` : undefined}>
          {analysis && analysis.macs > 0 ? `${compact(analysis.macs)} MACs` : '—'}
        </span>
        <span className="card-actions" onClick={(e) => e.stopPropagation()}>
          <button type="button" className="icon-button" onClick={onDuplicate} aria-label={`Duplicate ${what}`} title="Duplicate">
            <Icon name="duplicate" />
          </button>
          <button type="button" className="icon-button danger" onClick={onDelete} aria-label={`Delete ${what}`} title="Delete">
            <Icon name="delete" />
          </button>
        </span>
      </div>
      {analysis?.formula && (
        <div className="card-formula">
          {analysis.formula.height === analysis.formula.width ? `H, W: ${analysis.formula.height}` : `H: ${analysis.formula.height} · W: ${analysis.formula.width}`}
          <span className="card-rf" title="Receptive field: the input pixels one output unit sees, and the input step between neighbouring units">
            {' '}· receptive field {receptiveFieldText(analysis)}
          </span>
        </div>
      )}
      {!analysis && !errors && <p className="card-note">Not computed: fix the error above first.</p>}
      <Issues issues={issues} analysis={analysis} />
    </li>
  );
}
