import { PRESETS } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { ModelFileMenu } from '../modelfile/ModelFileMenu.tsx';
import { WorkspaceMenu } from '../workspace/WorkspaceMenu.tsx';
import { GpuStatusChip } from './GpuStatusChip.tsx';
import { SpecExportButtons } from './SpecExportButtons.tsx';
import { SpecFileInput } from './SpecFileInput.tsx';

/** The select's value for "Empty network": never a preset id, and never selected (the network then shows as custom). */
const EMPTY_OPTION = '(empty)';

export function Header() {
  const presetId = useAppStore((s) => s.presetId);
  const loadPreset = useAppStore((s) => s.loadPreset);
  const loadEmptyNetwork = useAppStore((s) => s.loadEmptyNetwork);
  const choose = (value: string) => (value === EMPTY_OPTION ? loadEmptyNetwork() : value && loadPreset(value));
  return (
    <header className="app-header">
      <h1 className="brand">ConvLab</h1>
      <label className="field">
        <span>Preset</span>
        <select value={presetId ?? ''} onChange={(e) => choose(e.target.value)}>
          {presetId === null && (
            <option value="" disabled>
              Custom network
            </option>
          )}
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.spec.name ?? p.id}
            </option>
          ))}
          <option value={EMPTY_OPTION}>Empty network</option>
        </select>
      </label>
      <SpecFileInput />
      <SpecExportButtons />
      <span className="spacer" />
      <ModelFileMenu />
      <WorkspaceMenu />
      <GpuStatusChip />
    </header>
  );
}
