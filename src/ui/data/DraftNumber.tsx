// A number input that commits each valid value as it is typed; an invalid one shows its message and is not
// committed, so nothing already set is lost.
import { useId, useState } from 'react';

export function DraftNumber(props: {
  label: string;
  value: number;
  /** Returns an error message for a value that may not be used, or null. */
  check(v: number): string | null;
  onCommit(v: number): void;
  step?: number;
  testId?: string;
  disabled?: boolean;
}) {
  const { label, value, check, onCommit, step, testId, disabled } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const problemOf = (t: string) => {
    const v = t.trim() === '' ? NaN : Number(t);
    return Number.isFinite(v) ? check(v) : `${label} must be a number, got "${t}".`;
  };
  const problem = draft === null ? null : problemOf(draft);
  // Valid values take effect as they are typed (the preview follows); an invalid one waits, shown with its message.
  const change = (t: string) => {
    setDraft(t);
    if (!problemOf(t) && Number(t) !== value) onCommit(Number(t));
  };
  const commit = () => {
    if (draft !== null && !problem) setDraft(null);
  };
  return (
    <div className="data-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        value={text}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        data-testid={testId}
        onChange={(e) => change(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}
