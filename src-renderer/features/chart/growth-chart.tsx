// One WHO growth chart as inline SVG: the z-score bands (−3 to −2, −2 to +2, +2 to +3) and curves,
// the child's points joined in time order, axes with ticks. The SVG is one image for assistive
// technology (role="img", a title and a description); the numbers are in the data table below it,
// and each point also carries its own label (hover title, aria-label) for tests and pointer users.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DAYS_PER_MONTH } from '../../../src-core/clinical/growth/standards-age';
import { formatDate, formatMeasure, formatZ } from './chart-format';
import type { ChartPoint, GrowthChartSpec } from './growth-chart-specs';

const W = 460;
const H = 300;
const M = { left: 44, right: 30, top: 10, bottom: 38 } as const;


/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

const zName = (z: number): string => (z === 0 ? '0' : z > 0 ? `+${String(z)}` : `−${String(-z)}`);

export function usePointLabel(spec: GrowthChartSpec): (p: ChartPoint) => string {
  const { t } = useTranslation();
  return (p) => {
    const common = { value: formatMeasure(p.y), months: p.ageMonths, z: formatZ(p.z) };
    return spec.kind === 'weight-for-length' || spec.kind === 'weight-for-height'
      ? t(`chart.growth.points.${spec.kind}`, { ...common, length: formatMeasure(p.x) })
      : t(`chart.growth.points.${spec.kind}`, common);
  };
}

export function GrowthChart({ spec, sexWord }: { spec: GrowthChartSpec; sexWord: string }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const label = usePointLabel(spec);
  const [x0, x1] = spec.xRange;
  const [y0, y1] = spec.yRange;
  const sx = (x: number): number => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y: number): number => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const path = (pts: readonly { x: number; y: number }[]): string => pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const curve = (z: number) => spec.curves.find((c) => c.z === z)?.points ?? [];
  const band = (low: number, high: number): string => `${path(curve(low))} ${path([...curve(high)].reverse())}`;

  const xTicks =
    spec.xUnit === 'd'
      ? ticks(0, Math.round(x1 / DAYS_PER_MONTH), x1 <= 731 ? 3 : 6).map((m) => ({ at: Math.min(m * DAYS_PER_MONTH, x1), text: String(m) }))
      : ticks(x0, x1, 5).map((cm) => ({ at: cm, text: String(cm) }));
  const yTicks = ticks(y0, y1, niceStep(y1 - y0, 6)).map((v) => ({ at: v, text: formatMeasure(v) }));
  const xAxis = spec.xUnit === 'd' ? t('chart.growth.axes.ageMonths') : t('chart.growth.axes.lengthCm');
  const yAxis = spec.kind === 'length-height-for-age' ? t('chart.growth.axes.lengthCm') : t('chart.growth.axes.weightKg');
  const title = t(`chart.growth.charts.${spec.kind}`);
  const inRange = spec.points.filter((p) => p.x >= x0 && p.x <= x1);

  return (
    <svg
      className="growth-chart"
      viewBox={`0 0 ${String(W)} ${String(H)}`}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      data-testid={`growth-chart-${spec.kind}`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{t('chart.growth.description', { sex: sexWord, count: spec.points.length })}</desc>
      <polygon className="band band-outer" points={band(-3, -2)} />
      <polygon className="band band-normal" points={band(-2, 2)} />
      <polygon className="band band-outer" points={band(2, 3)} />
      {yTicks.map((tick) => (
        <g key={`y${tick.text}`} className="tick">
          <line x1={M.left} x2={W - M.right} y1={sy(tick.at)} y2={sy(tick.at)} className="grid" />
          <text x={M.left - 4} y={sy(tick.at) + 4} textAnchor="end">
            {tick.text}
          </text>
        </g>
      ))}
      {xTicks.map((tick) => (
        <g key={`x${tick.text}`} className="tick">
          <line x1={sx(tick.at)} x2={sx(tick.at)} y1={M.top} y2={H - M.bottom} className="grid" />
          <text x={sx(tick.at)} y={H - M.bottom + 14} textAnchor="middle">
            {tick.text}
          </text>
        </g>
      ))}
      {spec.curves.map((c) => {
        const last = c.points[c.points.length - 1];
        return (
          <g key={c.z} className={`curve curve-${c.z === 0 ? 'median' : Math.abs(c.z) === 2 ? 'two' : 'three'}`}>
            <polyline points={path(c.points)} />
            {last === undefined ? null : (
              <text x={sx(last.x) + 3} y={sy(last.y) + 4}>
                {zName(c.z)}
              </text>
            )}
          </g>
        );
      })}
      <text className="axis-label" x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
        {xAxis}
      </text>
      <text className="axis-label" transform={`translate(11 ${String((M.top + H - M.bottom) / 2)}) rotate(-90)`} textAnchor="middle">
        {yAxis}
      </text>
      {inRange.length > 1 ? <polyline className="child-line" points={path(inRange)} /> : null}
      {inRange.map((p) => (
        <circle
          key={`${p.date}-${String(p.x)}`}
          className={p.implausible ? 'child-point implausible' : 'child-point'}
          cx={sx(p.x)}
          cy={sy(p.y)}
          r={4.5}
          aria-label={label(p)}
          data-testid="growth-point"
        >
          <title>{label(p)}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The chart's numbers, the accessible alternative to the drawing. */
export function GrowthChartTable({ spec }: { spec: GrowthChartSpec }): ReactNode {
  const { t } = useTranslation();
  const byLength = spec.xUnit === 'cm';
  return (
    <table className="table chart-table growth-table">
      <caption className="chart-caption">{t('chart.growth.tableCaption', { chart: t(`chart.growth.charts.${spec.kind}`) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('chart.growth.date')}</th>
          <th scope="col">{t('chart.growth.ageMonths')}</th>
          {byLength ? <th scope="col">{t('chart.growth.length')}</th> : null}
          <th scope="col">{t('chart.growth.value')}</th>
          <th scope="col">{t('chart.growth.z')}</th>
        </tr>
      </thead>
      <tbody>
        {spec.points.map((p) => (
          <tr key={`${p.date}-${String(p.x)}`}>
            <th scope="row">{formatDate(p.date)}</th>
            <td>{p.ageMonths}</td>
            {byLength ? <td>{formatMeasure(p.x)}</td> : null}
            <td>
              {formatMeasure(p.y)} {spec.kind === 'length-height-for-age' ? 'cm' : 'kg'}
            </td>
            <td>
              {formatZ(p.z)}
              {p.implausible ? <span className="hint">{t('chart.growth.implausible')}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
