/**
 * A small inline-SVG line chart of one series (nulls are gaps), with an optional dashed reference line (e.g. the
 * city average) and the first/last dates under it. No chart library: a few dozen points do not need one.
 */
import { useId } from 'react';

export interface SparklineProps {
  /** `[label, value]` in time order; null values break the line. */
  points: readonly (readonly [string, number | null])[];
  /** A horizontal reference value drawn dashed. */
  reference?: number | null;
  width?: number;
  height?: number;
  /** Accessible description (what the chart shows). */
  label: string;
  /** Formats values for the min/max labels and point titles. */
  format?: (v: number) => string;
}

const PAD_X = 2;
const PAD_Y = 4;

/** Renders the chart; an empty series shows an empty frame. */
export function Sparkline({ points, reference = null, width = 180, height = 44, label, format = (v) => String(v) }: SparklineProps) {
  const titleId = useId();
  const values = points.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (reference !== null && Number.isFinite(reference)) values.push(reference);
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const span = max - min || 1;
  const n = points.length;
  const x = (i: number) => PAD_X + (n <= 1 ? (width - 2 * PAD_X) / 2 : (i * (width - 2 * PAD_X)) / (n - 1));
  const y = (v: number) => height - PAD_Y - ((v - min) / span) * (height - 2 * PAD_Y);

  // one path with a move-to after every gap
  let d = '';
  let pen = false;
  points.forEach(([, v], i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  const last = [...points].reverse().find((p) => p[1] !== null);
  const lastIndex = last ? points.lastIndexOf(last) : -1;

  return (
    <figure className="sparkline" data-points={n}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{label}</title>
        {reference !== null && Number.isFinite(reference) && (
          <line className="sparkline-ref" x1={0} x2={width} y1={y(reference)} y2={y(reference)} />
        )}
        <path className="sparkline-line" d={d} fill="none" />
        {points.map(([date, v], i) =>
          v === null || !Number.isFinite(v) ? null : (
            <circle key={date} className="sparkline-dot" cx={x(i)} cy={y(v)} r={i === lastIndex ? 2.5 : 1.2}>
              <title>{`${date}: ${format(v)}`}</title>
            </circle>
          ),
        )}
      </svg>
      {n > 0 && (
        <figcaption>
          <span>{points[0][0].slice(5)}</span>
          <span>{points[n - 1][0].slice(5)}</span>
        </figcaption>
      )}
    </figure>
  );
}
