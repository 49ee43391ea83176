// The Train view's "where the time goes" panel: measures one training step per layer in the engine (paused runs
// only) and draws the result with ProfileChart.
import { useState } from 'react';
import type { ProfileResult } from '../../engine/api.ts';
import { getEngine } from '../../store/engineClient.ts';
import { useAppStore } from '../../store/index.ts';
import { ProfileChart } from './ProfileChart.tsx';

export function ProfilePanel() {
  const [profile, setProfile] = useState<ProfileResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unavailable = useAppStore((s) =>
    s.trainStatus === 'running' ? 'Pause training to measure.' : s.trainStatus === 'building' || s.restoring ? 'Wait for the network to be built.' : null,
  );

  async function measure() {
    setBusy(true);
    setError(null);
    try {
      if (!(await useAppStore.getState().ensureBuilt())) throw new Error(useAppStore.getState().trainError ?? 'the network could not be built.');
      setProfile(await getEngine().profile());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="train-panel">
      <ProfileChart profile={profile} onMeasure={() => void measure()} busy={busy} unavailable={unavailable} error={error} />
    </section>
  );
}
