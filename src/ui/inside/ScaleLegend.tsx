// The colour bar of a scale with its end values (and 0 in the middle of a diverging one).
import { legendGradient, type ColorScale } from './colorScale.ts';

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(1) : v.toPrecision(2));

export function ScaleLegend({ scale }: { scale: ColorScale }) {
  const label = `${scale.kind} colour scale from ${fmt(scale.min)} to ${fmt(scale.max)}`;
  return (
    <span className="scale-legend" role="img" aria-label={label} title={label}>
      <span className="scale-end">{fmt(scale.min)}</span>
      <span className="scale-bar" style={{ background: legendGradient(scale) }} />
      <span className="scale-end">{fmt(scale.max)}</span>
    </span>
  );
}
