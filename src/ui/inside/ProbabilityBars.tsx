// Class probabilities as horizontal bars (d3 scales, drawn into an SVG from a ref), the top class highlighted.
import { scaleBand, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';

const BAR = 122;
const ROW = 20;
const VALUE = 48;
/** Bold 12 px text is at most this wide per character (an upper bound, so no name overflows its column). */
const CHAR_PX = 7.6;
/** Class names longer than this are abbreviated, with the full name as the row's tooltip. */
const MAX_CHARS = 18;

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
const nameOf = (classes: string[], i: number) => classes[i] ?? `class ${i}`;
const shortName = (name: string) => (name.length > MAX_CHARS ? `${name.slice(0, MAX_CHARS - 1)}…` : name);

export function ProbabilityBars({ probs, classes, sampleKey }: { probs: Float32Array; classes: string[]; /** Which input these are for. */ sampleKey: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const top = probs.reduce((best, p, i) => (p > probs[best]! ? i : best), 0);
  const height = ROW * probs.length;
  // The name column fits the longest (shortened) name, so the top class's bold label is never cut off.
  const longest = Math.max(4, ...Array.from(probs, (_, i) => shortName(nameOf(classes, i)).length));
  const nameWidth = Math.ceil(longest * CHAR_PX) + 8;
  const width = nameWidth + BAR + VALUE;
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const x = scaleLinear().domain([0, 1]).range([nameWidth, width - VALUE]);
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
    rows.select('text.name').attr('x', nameWidth - 6).attr('y', mid).text((_, i) => shortName(nameOf(classes, i)));
    rows.selectAll('title').data((_, i) => [nameOf(classes, i)]).join('title').text((d) => d);
    rows.select('rect.track').attr('x', nameWidth).attr('width', width - VALUE - nameWidth).attr('height', y.bandwidth());
    rows.select('rect.bar').attr('x', nameWidth).attr('width', (p) => Math.max(0, x(p) - nameWidth)).attr('height', y.bandwidth());
    rows.select('text.value').attr('x', width - VALUE + 6).attr('y', mid).text((p) => pct(p));
  }, [probs, classes, top, height, nameWidth, width]);
  const ranked = Array.from(probs, (p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const label = `Class probabilities: ${ranked.slice(0, 3).map((r) => `${nameOf(classes, r.i)} ${pct(r.p)}`).join(', ')}`;
  return (
    <figure className="probabilities" data-testid="probabilities" data-for={sampleKey} data-probs={Array.from(probs, (p) => p.toFixed(6)).join(',')}>
      <figcaption>
        Prediction: <strong data-testid="prediction">{nameOf(classes, top)}</strong> ({pct(probs[top]!)})
      </figcaption>
      <svg ref={ref} width={width} height={height} role="img" aria-label={label} />
    </figure>
  );
}
