import { useState, type ChangeEvent } from 'react';
import { SpecError, specFromJSON } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';

/** Loads a spec JSON file; a bad file shows its problems and leaves the current network alone. */
export function SpecFileInput() {
  const setSpec = useAppStore((s) => s.setSpec);
  const [errors, setErrors] = useState<string[] | null>(null);

  async function onChange(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const spec = specFromJSON(await file.text());
      setErrors(null);
      setSpec(spec);
    } catch (err) {
      if (err instanceof SpecError) {
        const messages = err.issues.filter((i) => i.severity === 'error').map((i) => i.message);
        setErrors(messages.length ? messages : [err.message]);
      } else {
        setErrors([err instanceof Error ? err.message : String(err)]);
      }
    } finally {
      input.value = '';
    }
  }

  return (
    <div className="file-load">
      <label className="button">
        Load spec JSON
        <input type="file" accept=".json,application/json" className="visually-hidden" onChange={(e) => void onChange(e)} />
      </label>
      {errors && (
        <div className="popover-error" role="alert" data-testid="spec-file-error">
          <div className="banner-head">
            <strong>That file could not be loaded; the current network is unchanged.</strong>
            <button type="button" className="link-button" onClick={() => setErrors(null)} aria-label="Dismiss file error">
              ×
            </button>
          </div>
          <ul>
            {errors.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
