// One histogram drawn with d3 into an SVG it gets from a ref: bars over the bins, an x axis with a few ticks.
import { axisBottom, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import type { Histogram } from './histogram.ts';

const WIDTH = 220;
const HEIGHT = 90;
// Side margins hold half of the widest tick label ("−0.25"), which d3 centres on the axis ends.
const M = { top: 4, right: 16, bottom: 18, left: 16 };

export function HistogramChart({ histogram, label, tone }: { histogram: Histogram; label: string; tone: 'weights' | 'grads' }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const x = scaleLinear().domain([histogram.x0, histogram.x1]).range([M.left, WIDTH - M.right]);
    const y = scaleLinear().domain([0, Math.max(1, histogram.maxCount)]).range([HEIGHT - M.bottom, M.top]);
    const root = select(svg);
    root
      .selectAll('rect.bar')
      .data(histogram.bins)
      .join('rect')
      .attr('class', 'bar')
      .attr('x', (b) => x(b.x0))
      .attr('width', (b) => Math.max(0.5, x(b.x1) - x(b.x0) - 0.5))
      .attr('y', (b) => y(b.count))
      .attr('height', (b) => y(0) - y(b.count));
    root
      .selectAll<SVGGElement, null>('g.axis')
      .data([null])
      .join('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0, ${HEIGHT - M.bottom})`)
      .call(axisBottom(x).ticks(4, '~g').tickSizeOuter(0));
  }, [histogram]);
  return <svg ref={ref} className={`histogram histogram-${tone}`} width={WIDTH} height={HEIGHT} role="img" aria-label={label} data-testid={`histogram-${tone}`} />;
}
