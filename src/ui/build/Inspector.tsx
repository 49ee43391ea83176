// Edits the selected layer (or the input block) with fields generated from its layer definition; problems the
// model finds with the layer in context are shown with the field they belong to. The panels take plain props
// (tested by rendering them in Node); Inspector connects them to the store.
import { fieldDefault, layerDef, type FieldDef, type InputSpec, type LayerSpec, type SpecIssue } from '../../model/index.ts';
import { INPUT_SIZE_FIELD } from '../../model/parse.ts';
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { INPUT_ID } from '../../store/networkSlice.ts';
import { FieldInput } from './FieldInput.tsx';
import { FIT_CODES } from './FitFixes.tsx';

const INPUT_FIELDS: { key: keyof InputSpec; def: FieldDef }[] = [
  { key: 'height', def: { ...INPUT_SIZE_FIELD, key: 'height', label: 'Height', help: 'Image height in pixels.' } },
  { key: 'width', def: { ...INPUT_SIZE_FIELD, key: 'width', label: 'Width', help: 'Image width in pixels.' } },
  { key: 'channels', def: { ...INPUT_SIZE_FIELD, key: 'channels', label: 'Channels', help: '1 for grayscale, 3 for RGB.' } },
];

function fieldIssues(issues: SpecIssue[], key: string): SpecIssue[] {
  return issues.filter((i) => i.field === key || i.field?.startsWith(`${key}.`) || i.field?.startsWith(`${key}[`));
}

const FIT_SHORT: Record<string, string> = {
  'stride-does-not-fit': "Doesn't fit the input exactly",
  'stride-leaves-padding': 'Leaves part of the padding unused',
  'padding-exceeds-kernel': 'The outermost outputs see only padding',
};

/**
 * The "doesn't fit" family is written out once, with its one-click fixes, on the layer's card; beside the field it
 * becomes a short pointer there, so the same paragraph is not shown twice on one screen.
 */
function pointToCard(issues: SpecIssue[], index: number): SpecIssue[] {
  return issues.map((i) => (FIT_CODES.has(i.code) ? { ...i, message: `${FIT_SHORT[i.code] ?? 'See the card'}: the warning on layer ${index + 1}'s card in the stack explains it and offers settings that fit.` } : i));
}

/** The input block: height, width, channels; `issues` are the spec-wide ones (layerIndex null). */
export function InputInspector({ input, issues, onField }: { input: InputSpec; issues: SpecIssue[]; onField(key: keyof InputSpec, value: number): void }) {
  return (
    <section className="inspector panel" aria-label="Inspector: input">
      <h2>Input</h2>
      <p className="hint">The image size every layer's arithmetic starts from.</p>
      {INPUT_FIELDS.map(({ key, def }) => (
        <FieldInput key={key} def={def} value={input[key]} index={null} issues={fieldIssues(issues, `input.${key}`)} onCommit={(v) => v !== undefined && onField(key, v as number)} />
      ))}
    </section>
  );
}

export interface LayerInspectorProps {
  /** Stable id of the layer, so that switching layers starts the fields afresh. */
  id: string;
  index: number;
  layer: LayerSpec;
  /** This layer's problems from analyze(). */
  issues: SpecIssue[];
  onField(key: string, value: unknown): void;
}

export function LayerInspector({ id, index, layer, issues, onField }: LayerInspectorProps) {
  const def = layerDef(layer.type);
  const values = layer as unknown as Record<string, unknown>;
  const keys = new Set(def.fields.map((f) => f.key));
  const other = issues.filter((i) => !i.field || !keys.has(i.field.split(/[.[]/)[0]!));
  return (
    <section className="inspector panel" aria-label={`Inspector: layer ${index + 1}`} data-testid="inspector">
      <h2>
        Layer {index + 1}: {def.label}
      </h2>
      <p className="hint">{def.summary}</p>
      {def.fields.length === 0 && <p className="hint">This layer has nothing to set.</p>}
      {def.fields.map((f) => {
        const fallback = fieldDefault(layer, f.key);
        return (
          <FieldInput
            key={`${id}:${f.key}`}
            def={f}
            value={values[f.key]}
            defaultValue={fallback?.value}
            defaultFollows={fallback?.follows}
            index={index}
            layerType={layer.type}
            issues={pointToCard(fieldIssues(issues, f.key), index)}
            onCommit={(v) => onField(f.key, v)}
          />
        );
      })}
      {other.length > 0 && (
        <ul className="card-issues">
          {other.map((i, k) => (
            <li key={k} className={`issue issue-${i.severity}`}>
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Inspector() {
  const selectedId = useAppStore((s) => s.selectedId);
  const index = useAppStore((s) => (s.selectedId ? s.layerIds.indexOf(s.selectedId) : -1));
  const spec = useAppStore((s) => s.spec);
  const setLayerField = useAppStore((s) => s.setLayerField);
  const setInputField = useAppStore((s) => s.setInputField);
  const analysis = useAnalysis();
  if (selectedId === INPUT_ID) return <InputInspector input={spec.input} issues={analysis.issues.filter((i) => i.layerIndex === null)} onField={setInputField} />;
  const layer = index >= 0 ? spec.layers[index] : undefined;
  if (!selectedId || !layer) {
    return (
      <section className="inspector panel" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="hint">Select a layer (or the input) to edit it here.</p>
      </section>
    );
  }
  return (
    <LayerInspector id={selectedId} index={index} layer={layer} issues={analysis.issues.filter((i) => i.layerIndex === index)} onField={(key, value) => setLayerField(index, key, value)} />
  );
}
