// "Where the time goes": a horizontal bar per layer (forward and backward GPU time stacked) and per part outside the
// layers, from the engine's profile of one training step. d3 computes the scales and draws into the ref'd SVG.
import { useEffect, useMemo, useRef } from 'react';
import { axisBottom, max, scaleBand, scaleLinear, select } from 'd3';
import type { ProfileResult } from '../../engine/api.ts';
import { profileBars } from './profileBars.ts';
import './ProfileChart.css';

export interface ProfileChartProps {
  profile: ProfileResult | null;
  /** Runs a new profile (the Train view calls getEngine().profile() while paused). */
  onMeasure?: () => void;
  /** A measurement is running (the button says "Measuring…"). */
  busy?: boolean;
  /** Why measuring is not possible now (training runs, the network is being built), as the button's tooltip; null when it is. */
  unavailable?: string | null;
  error?: string | null;
  layerName?: (index: number, type: string) => string;
}

const ROW = 22;
const LABEL = 150;
const MARGIN = { top: 4, right: 70, bottom: 24 };

export function ProfileChart({ profile, onMeasure, busy = false, unavailable = null, error = null, layerName }: ProfileChartProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const bars = useMemo(() => (profile ? profileBars(profile, layerName) : []), [profile, layerName]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const width = Math.max(320, svg.parentElement?.clientWidth ?? 480);
    const height = MARGIN.top + bars.length * ROW + MARGIN.bottom;
    const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    root.selectAll('*').remove();
    if (bars.length === 0) return;
    const x = scaleLinear()
      .domain([0, max(bars, (b) => b.totalMs) ?? 1])
      .nice()
      .range([LABEL, width - MARGIN.right]);
    const y = scaleBand<number>()
      .domain(bars.map((_, i) => i))
      .range([MARGIN.top, MARGIN.top + bars.length * ROW])
      .padding(0.2);
    const row = root.selectAll('g.row').data(bars).join('g').attr('class', 'row').attr('transform', (_, i) => `translate(0,${y(i)})`);
    row.append('text').attr('class', 'label').attr('x', LABEL - 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end').text((b) => b.label);
    row.append('rect').attr('class', 'forward').attr('x', LABEL).attr('height', y.bandwidth()).attr('width', (b) => x(b.forwardMs) - LABEL);
    row.append('rect').attr('class', 'backward').attr('x', (b) => x(b.forwardMs)).attr('height', y.bandwidth()).attr('width', (b) => x(b.totalMs) - x(b.forwardMs));
    row
      .append('text')
      .attr('class', 'value')
      .attr('x', (b) => x(b.totalMs) + 4)
      .attr('y', y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .text((b) => `${b.totalMs.toFixed(1)} ms · ${(100 * b.share).toFixed(0)}%`);
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${MARGIN.top + bars.length * ROW})`)
      .call(axisBottom(x).ticks(5).tickFormat((d) => `${String(d)} ms`));
  }, [bars]);

  return (
    <section className="profile-chart" aria-label="Where the time goes" data-testid="profile-chart">
      <header>
        <h3>Where the time goes</h3>
        {onMeasure && (
          <button type="button" className="button" onClick={onMeasure} disabled={busy || !!unavailable} title={unavailable ?? undefined} data-testid="profile-measure">
            {busy ? 'Measuring…' : profile ? 'Measure again' : 'Measure layer times'}
          </button>
        )}
        {unavailable && !busy && <span className="profile-unavailable">{unavailable}</span>}
      </header>
      {error && <p className="profile-error" role="alert">{error}</p>}
      {profile && (
        <p className="profile-summary">
          One step of batch {profile.batchSize}: {profile.stepMs.toFixed(1)} ms on the GPU (
          {profile.method === 'timestamp-query' ? 'timestamp queries' : 'timed isolated dispatches'}).{' '}
          <span className="swatch forward" /> forward <span className="swatch backward" /> backward
        </p>
      )}
      {!profile && !error && <p className="profile-summary">Pause training and measure a step to see each layer's share of the GPU time.</p>}
      <svg ref={svgRef} role="img" aria-label={bars.map((b) => `${b.label} ${b.totalMs.toFixed(1)} ms`).join(', ')} />
    </section>
  );
}
