import { PRESETS } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { ModelFileMenu } from '../modelfile/ModelFileMenu.tsx';
import { WorkspaceMenu } from '../workspace/WorkspaceMenu.tsx';
import { GpuStatusChip } from './GpuStatusChip.tsx';
import { SpecExportButtons } from './SpecExportButtons.tsx';
import { SpecFileInput } from './SpecFileInput.tsx';

export function Header() {
  const presetId = useAppStore((s) => s.presetId);
  const loadPreset = useAppStore((s) => s.loadPreset);
  return (
    <header className="app-header">
      <h1 className="brand">ConvLab</h1>
      <label className="field">
        <span>Preset</span>
        <select value={presetId ?? ''} onChange={(e) => e.target.value && loadPreset(e.target.value)}>
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
