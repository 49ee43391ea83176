// The class distribution as a bar chart: d3 draws bars and axes into the SVG; a click on a bar filters by that class.
import { axisBottom, axisLeft, format, select } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import { axisRoom, classChartLayout, tickLabel } from './classChart.ts';

const WIDTH = 520;
/** Height of the bars' area; the labels' room is added below it. */
const PLOT_HEIGHT = 144;

export function ClassChart(props: { counts: number[]; classes: string[]; selected: number | null; onSelect(cls: number | null): void }) {
  const { counts, classes, selected, onSelect } = props;
  const ref = useRef<SVGSVGElement>(null);
  // At most about 20 labelled ticks, and the room their labels need under the bars.
  const { ticks, room, height } = useMemo(() => {
    const tickEvery = Math.ceil(counts.length / 20);
    const ticks = counts.map((_, i) => i).filter((i) => i % tickEvery === 0);
    const room = axisRoom(
      ticks.map((i) => tickLabel(classes[i] ?? String(i))),
      WIDTH,
      ticks.length,
    );
    return { ticks, room, height: PLOT_HEIGHT + room.bottom };
  }, [counts, classes]);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const { x, y, margin } = classChartLayout(counts, WIDTH, height, room);
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
    const axis = root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - margin.bottom})`)
      .call(
        axisBottom(x)
          .tickValues(ticks.map(String))
          .tickFormat((d) => tickLabel(name(Number(d)))),
      );
    axis
      .selectAll('text')
      .attr('transform', room.rotate ? 'rotate(-40)' : null)
      .attr('dx', room.rotate ? '-0.4em' : null)
      .style('text-anchor', room.rotate ? 'end' : 'middle');
    // Every tick names its class in full on hover, whether or not the label had to be cut.
    axis
      .selectAll<SVGGElement, string>('.tick')
      .append('title')
      .text((d) => name(Number(d)));
    root.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(4).tickFormat(format('~s')));
  }, [counts, classes, selected, onSelect, ticks, room, height]);
  return <svg ref={ref} className="class-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Examples per class in the training set" data-testid="class-chart" />;
}
