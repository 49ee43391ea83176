// Parameters and MACs per layer as two columns of bars (d3 draws into the SVG it gets from a ref), with the totals.
import { select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { compact, grouped, type NetworkAnalysis } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { barRows, barScale, rowScale, type BarScaleKind } from './chartScales.ts';

const WIDTH = 360;
const LABEL = 96;
const GAP = 12;
const ROW = 16;
const HEAD = 18;
const COL = (WIDTH - LABEL - GAP) / 2;

export function LayerBarChart({ analysis }: { analysis: NetworkAnalysis }) {
  const ref = useRef<SVGSVGElement>(null);
  const [kind, setKind] = useState<BarScaleKind>('linear');
  const selectedIndex = useAppStore((s) => (s.selectedId ? s.layerIds.indexOf(s.selectedId) : -1));
  const rows = useMemo(() => barRows(analysis), [analysis]);
  const height = HEAD + rows.length * ROW + 4;

  useEffect(() => {
    const svg = select(ref.current);
    svg.selectAll('*').remove();
    const y = rowScale(rows, ROW);
    const px = barScale(rows.map((r) => r.params), COL - 40, kind);
    const mx = barScale(rows.map((r) => r.macs), COL - 40, kind);
    const head = svg.append('g').attr('class', 'chart-head');
    head.append('text').attr('x', LABEL).attr('y', 12).text('Parameters');
    head.append('text').attr('x', LABEL + COL + GAP).attr('y', 12).text('MACs');
    const row = svg
      .append('g')
      .attr('transform', `translate(0, ${HEAD})`)
      .selectAll('g')
      .data(rows)
      .join('g')
      .attr('class', (r) => `chart-row${r.index === selectedIndex ? ' is-selected' : ''}`)
      .attr('transform', (r) => `translate(0, ${y(r.index) ?? 0})`);
    row.append('title').text((r) => `Layer ${r.label}: ${grouped(r.params)} parameters (${shareOf(r.params, analysis.totals.params)}), ${grouped(r.macs)} MACs (${shareOf(r.macs, analysis.totals.macs)})`);
    row.append('text').attr('class', 'chart-label').attr('x', LABEL - 6).attr('y', y.bandwidth() - 2).attr('text-anchor', 'end').text((r) => r.label);
    row.append('rect').attr('class', 'bar-params').attr('x', LABEL).attr('height', y.bandwidth()).attr('width', (r) => px(r.params));
    row.append('text').attr('class', 'chart-value').attr('x', (r) => LABEL + px(r.params) + 3).attr('y', y.bandwidth() - 2).text((r) => (r.params ? compact(r.params) : ''));
    const mx0 = LABEL + COL + GAP;
    row.append('rect').attr('class', 'bar-macs').attr('x', mx0).attr('height', y.bandwidth()).attr('width', (r) => mx(r.macs));
    row.append('text').attr('class', 'chart-value').attr('x', (r) => mx0 + mx(r.macs) + 3).attr('y', y.bandwidth() - 2).text((r) => (r.macs ? compact(r.macs) : ''));
  }, [rows, kind, selectedIndex, analysis.totals]);

  const t = analysis.totals;
  return (
    <section className="bar-chart panel" aria-label="Parameters and MACs per layer">
      <div className="panel-head">
        <h2>Per layer</h2>
        <label className="field">
          <span>Scale</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as BarScaleKind)} aria-label="Bar chart scale">
            <option value="linear">linear</option>
            <option value="log">log</option>
          </select>
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="hint">No layer has parameters or multiply-accumulates yet.</p>
      ) : (
        <svg
          ref={ref}
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={`Bar chart of ${rows.length} layers: ${grouped(t.params)} parameters and ${grouped(t.macs)} MACs in total`}
          data-testid="bar-chart"
        />
      )}
      <p className="chart-total" data-testid="chart-totals">
        Total: {grouped(t.params)} parameters · {compact(t.macs)} MACs
      </p>
    </section>
  );
}

function shareOf(v: number, total: number): string {
  return total > 0 ? `${((100 * v) / total).toFixed(1)}% of the total` : '0%';
}
