// A number input that keeps whatever the user typed: the value reaches the store only when it parses and the
// store accepts it; otherwise the text stays and the store's message is shown beside it.
import { useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  /** Offers a value to the store; returns why it was refused, or null. */
  onCommit: (value: number) => string | null;
  step?: number | 'any';
  min?: number;
  max?: number;
  hint?: string;
  testId?: string;
}

export function NumberField({ label, value, onCommit, step = 'any', min, max, hint, testId }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // The store changed the value (a link, a new optimizer kind): show it, unless it is what the text already says.
  if (value !== shown) {
    setShown(value);
    if (Number(text) !== value) {
      setText(String(value));
      setError(null);
    }
  }
  const change = (t: string) => {
    setText(t);
    const v = Number(t);
    if (t.trim() === '' || !Number.isFinite(v)) {
      setError(`${label}: "${t}" is not a number; type a number such as ${value}.`);
      return;
    }
    setError(onCommit(v));
  };
  return (
    <div className="num-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={text}
        onChange={(e) => change(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-msg` : undefined}
        data-testid={testId}
      />
      {(error || hint) && (
        <span id={`${id}-msg`} className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
          {error ?? hint}
        </span>
      )}
    </div>
  );
}
