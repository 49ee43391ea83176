// Edits the selected layer (or the input block) with fields generated from its layer definition; problems the
// model finds with the layer in context are shown with the field they belong to.
import { layerDef, resolveLayer, type FieldDef, type InputSpec, type SpecIssue } from '../../model/index.ts';
import { INPUT_SIZE_FIELD } from '../../model/parse.ts';
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { INPUT_ID } from '../../store/networkSlice.ts';
import { FieldInput } from './FieldInput.tsx';

const INPUT_FIELDS: { key: keyof InputSpec; def: FieldDef }[] = [
  { key: 'height', def: { ...INPUT_SIZE_FIELD, key: 'height', label: 'Height', help: 'Image height in pixels.' } },
  { key: 'width', def: { ...INPUT_SIZE_FIELD, key: 'width', label: 'Width', help: 'Image width in pixels.' } },
  { key: 'channels', def: { ...INPUT_SIZE_FIELD, key: 'channels', label: 'Channels', help: '1 for grayscale, 3 for RGB.' } },
];

function fieldIssues(issues: SpecIssue[], key: string): SpecIssue[] {
  return issues.filter((i) => i.field === key || i.field?.startsWith(`${key}.`));
}

function InputInspector() {
  const input = useAppStore((s) => s.spec.input);
  const setInputField = useAppStore((s) => s.setInputField);
  const issues = useAnalysis().issues.filter((i) => i.layerIndex === null);
  return (
    <section className="inspector panel" aria-label="Inspector: input">
      <h2>Input</h2>
      <p className="hint">The image size every layer's arithmetic starts from.</p>
      {INPUT_FIELDS.map(({ key, def }) => (
        <FieldInput key={key} def={def} value={input[key]} index={null} issues={fieldIssues(issues, `input.${key}`)} onCommit={(v) => v !== undefined && setInputField(key, v as number)} />
      ))}
    </section>
  );
}

export function Inspector() {
  const selectedId = useAppStore((s) => s.selectedId);
  const index = useAppStore((s) => (s.selectedId ? s.layerIds.indexOf(s.selectedId) : -1));
  const layer = useAppStore((s) => (index >= 0 ? s.spec.layers[index] : undefined));
  const setLayerField = useAppStore((s) => s.setLayerField);
  const analysis = useAnalysis();
  if (selectedId === INPUT_ID) return <InputInspector />;
  if (!layer) {
    return (
      <section className="inspector panel" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="hint">Select a layer (or the input) to edit it here.</p>
      </section>
    );
  }
  const def = layerDef(layer.type);
  const defaults = resolveLayer(layer) as unknown as Record<string, unknown>;
  const values = layer as unknown as Record<string, unknown>;
  const issues = analysis.issues.filter((i) => i.layerIndex === index);
  const keys = new Set(def.fields.map((f) => f.key));
  const other = issues.filter((i) => !i.field || !keys.has(i.field.split(/[.[]/)[0]!));
  return (
    <section className="inspector panel" aria-label={`Inspector: layer ${index + 1}`} data-testid="inspector">
      <h2>
        Layer {index + 1}: {def.label}
      </h2>
      <p className="hint">{def.summary}</p>
      {def.fields.length === 0 && <p className="hint">This layer has nothing to set.</p>}
      {def.fields.map((f) => (
        <FieldInput
          key={`${selectedId}:${f.key}`}
          def={f}
          value={values[f.key]}
          defaultValue={f.required ? undefined : defaults[f.key]}
          index={index}
          layerType={layer.type}
          issues={fieldIssues(issues, f.key)}
          onCommit={(v) => setLayerField(index, f.key, v)}
        />
      ))}
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
