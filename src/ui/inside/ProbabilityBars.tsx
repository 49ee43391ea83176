// Class probabilities as horizontal bars (d3 scales, drawn into an SVG from a ref), the top class highlighted.
import { scaleBand, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';

const WIDTH = 250;
const ROW = 20;
const LABEL = 80;
const VALUE = 48;

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
const nameOf = (classes: string[], i: number) => classes[i] ?? `class ${i}`;

export function ProbabilityBars({ probs, classes }: { probs: Float32Array; classes: string[] }) {
  const ref = useRef<SVGSVGElement>(null);
  const top = probs.reduce((best, p, i) => (p > probs[best]! ? i : best), 0);
  const height = ROW * probs.length;
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const x = scaleLinear().domain([0, 1]).range([LABEL, WIDTH - VALUE]);
    const y = scaleBand<number>().domain(Array.from(probs, (_, i) => i)).range([0, height]).padding(0.2);
    const rows = select(svg)
      .selectAll<SVGGElement, number>('g.row')
      .data(Array.from(probs))
      .join((enter) => {
        const g = enter.append('g').attr('class', 'row');
        g.append('text').attr('class', 'name');
        g.append('rect').attr('class', 'track');
        g.append('rect').attr('class', 'bar');
        g.append('text').attr('class', 'value');
        return g;
      })
      .attr('transform', (_, i) => `translate(0, ${y(i)})`)
      .classed('top', (_, i) => i === top);
    const mid = y.bandwidth() / 2;
    rows.select('text.name').attr('x', LABEL - 6).attr('y', mid).text((_, i) => nameOf(classes, i));
    rows.select('rect.track').attr('x', LABEL).attr('width', WIDTH - VALUE - LABEL).attr('height', y.bandwidth());
    rows.select('rect.bar').attr('x', LABEL).attr('width', (p) => Math.max(0, x(p) - LABEL)).attr('height', y.bandwidth());
    rows.select('text.value').attr('x', WIDTH - VALUE + 6).attr('y', mid).text((p) => pct(p));
  }, [probs, classes, top, height]);
  const ranked = Array.from(probs, (p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const label = `Class probabilities: ${ranked.slice(0, 3).map((r) => `${nameOf(classes, r.i)} ${pct(r.p)}`).join(', ')}`;
  return (
    <figure className="probabilities" data-testid="probabilities" data-probs={Array.from(probs, (p) => p.toFixed(6)).join(',')}>
      <figcaption>
        Prediction: <strong data-testid="prediction">{nameOf(classes, top)}</strong> ({pct(probs[top]!)})
      </figcaption>
      <svg ref={ref} width={WIDTH} height={height} role="img" aria-label={label} />
    </figure>
  );
}
