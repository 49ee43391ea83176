// One inspector field: a text box (or checkbox) generated from the field's definition. What is typed is parsed at
// once; a value the model refuses stays in the box with the model's message and never reaches the spec.
import { useId, useState } from 'react';
import type { FieldDef } from '../../model/index.ts';
import { formatFieldValue, parseFieldText } from '../../model/fieldText.ts';

export interface FieldInputProps {
  def: FieldDef;
  /** The value in the spec (undefined: the default applies). */
  value: unknown;
  /** Shown greyed when the spec leaves the field out: the value the layer then really takes. */
  defaultValue?: unknown;
  /** What the default follows when it is not fixed, e.g. "the pool size". */
  defaultFollows?: string;
  /** Layer index for messages; null for the input block. */
  index: number | null;
  layerType?: string;
  /** Problems analyze() found with this field in context (e.g. a kernel larger than its input). */
  issues: { severity: string; message: string }[];
  onCommit(value: unknown): void;
}

const PADDING_CHOICES = ['valid', 'same', '0', '1', '2'];

export function FieldInput({ def, value, defaultValue, defaultFollows, index, layerType, issues, onCommit }: FieldInputProps) {
  const id = useId();
  const committed = formatFieldValue(def, value);
  const [text, setText] = useState(committed);
  const [shown, setShown] = useState(committed);
  const [error, setError] = useState<string | null>(null);
  // The spec changed from elsewhere (undo, a drag, a preset): show its value. Adjusting state during render is
  // React's recommended way to follow a prop.
  if (committed !== shown) {
    setShown(committed);
    setText(committed);
    setError(null);
  }

  function change(next: string) {
    setText(next);
    const parsed = parseFieldText(def, next, index, layerType);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) {
      setShown(formatFieldValue(def, parsed.value));
      onCommit(parsed.value);
    }
  }

  const messages = error ? [error] : issues.map((i) => i.message);
  const severity = error ? 'error' : issues.some((i) => i.severity === 'error') ? 'error' : issues.some((i) => i.severity === 'warning') ? 'warning' : 'info';
  const describedBy = `${id}-help${messages.length ? ` ${id}-msg` : ''}`;
  // Only an error makes the value invalid; a warning (a stride that does not fit) is a value the model accepts.
  const invalid = messages.length > 0 && severity === 'error';
  if (def.kind === 'bool') {
    const checked = (value ?? defaultValue) === true;
    return (
      <div className="field-row field-bool">
        <label htmlFor={id}>
          <input id={id} type="checkbox" checked={checked} onChange={(e) => onCommit(e.target.checked)} aria-describedby={`${id}-help`} /> {def.label}
        </label>
        <span className="field-help" id={`${id}-help`}>
          {def.help}
        </span>
      </div>
    );
  }
  return (
    <div className={`field-row${invalid ? ' is-invalid' : messages.length ? ` has-${severity}` : ''}`}>
      <label htmlFor={id}>
        {def.label}
        {def.required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        type="text"
        inputMode={def.kind === 'number' ? 'decimal' : def.kind === 'padding' ? 'text' : 'numeric'}
        spellCheck={false}
        autoComplete="off"
        value={text}
        placeholder={defaultValue === undefined ? '' : `${formatFieldValue(def, defaultValue)} (default${defaultFollows ? `: ${defaultFollows}` : ''})`}
        onChange={(e) => change(e.target.value)}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        list={def.kind === 'padding' ? `${id}-choices` : undefined}
        data-testid={`field-${def.key}`}
      />
      {def.kind === 'padding' && (
        <datalist id={`${id}-choices`}>
          {PADDING_CHOICES.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
      <span className="field-help" id={`${id}-help`}>
        {def.help}
      </span>
      {messages.length > 0 && (
        <span className={`field-message issue-${severity}`} id={`${id}-msg`} role="alert" data-testid={`field-${def.key}-message`}>
          {messages.join(' ')}
        </span>
      )}
    </div>
  );
}
