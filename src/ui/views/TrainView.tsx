// The Train view: settings on the left; the run controls with progress, the live curves, the test results,
// the gradient check and the per-layer time profile on the right.
import { useAppStore } from '../../store/index.ts';
import { GradCheckPanel } from '../train/GradCheckPanel.tsx';
import { ProfilePanel } from '../train/ProfilePanel.tsx';
import { RunPanel } from '../train/RunPanel.tsx';
import { SettingsPanel } from '../train/SettingsPanel.tsx';
import { TestResults } from '../train/TestResults.tsx';
import { TrainCurves } from '../train/TrainCurves.tsx';
import '../train/train.css';

export function TrainView() {
  const locked = useAppStore((s) => s.trainStatus === 'running' || s.trainStatus === 'building');
  return (
    <main className="content train-view" data-testid="train-view">
      <SettingsPanel locked={locked} />
      <div className="train-main">
        <RunPanel />
        <TrainCurves />
        <TestResults />
        <GradCheckPanel />
        <ProfilePanel />
      </div>
    </main>
  );
}
