// The class distribution as a bar chart: d3 draws bars and axes into the SVG; a click on a bar filters by that class.
import { axisBottom, axisLeft, format, select } from 'd3';
import { useEffect, useRef } from 'react';
import { classChartLayout } from './classChart.ts';

const WIDTH = 520;
const HEIGHT = 180;

export function ClassChart(props: { counts: number[]; classes: string[]; selected: number | null; onSelect(cls: number | null): void }) {
  const { counts, classes, selected, onSelect } = props;
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const { x, y, margin } = classChartLayout(counts, WIDTH, HEIGHT);
    const root = select(svg);
    root.selectAll('*').remove();
    const name = (i: number) => classes[i] ?? String(i);
    root
      .append('g')
      .attr('class', 'bars')
      .selectAll('rect')
      .data(counts.map((count, i) => ({ count, i })))
      .join('rect')
      .attr('x', (d) => x(String(d.i)) ?? 0)
      .attr('y', (d) => y(d.count))
      .attr('width', x.bandwidth())
      .attr('height', (d) => y(0) - y(d.count))
      .attr('class', (d) => (selected === null || selected === d.i ? 'bar' : 'bar dim'))
      .attr('data-testid', (d) => `class-bar-${d.i}`)
      .attr('aria-label', (d) => `${name(d.i)}: ${d.count.toLocaleString('en-US')} examples`)
      .on('click', (_, d) => onSelect(selected === d.i ? null : d.i))
      .append('title')
      .text((d) => `${name(d.i)}: ${d.count.toLocaleString('en-US')} (click to filter)`);
    const tickEvery = Math.ceil(counts.length / 20);
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${HEIGHT - margin.bottom})`)
      .call(
        axisBottom(x)
          .tickValues(x.domain().filter((_, i) => i % tickEvery === 0))
          .tickFormat((d) => {
            const label = name(Number(d));
            return label.length > 8 ? `${label.slice(0, 7)}…` : label;
          }),
      )
      .selectAll('text')
      .attr('transform', counts.length > 6 ? 'rotate(-30)' : null)
      .style('text-anchor', counts.length > 6 ? 'end' : 'middle');
    root.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(4).tickFormat(format('~s')));
  }, [counts, classes, selected, onSelect]);
  return <svg ref={ref} className="class-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Examples per class in the training set" data-testid="class-chart" />;
}
