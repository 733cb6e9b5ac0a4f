// Benchmark report convention (DESIGN §9): each area writes bench-results/<area>.json as
// { figures: { <name>: { value, unit } }, machine, date } and prints a table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  readonly value: number;
  readonly unit: string;
}

export interface BenchReport {
  readonly figures: Readonly<Record<string, Figure>>;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly date: string;
}

export interface BenchOptions {
  /** A quick run (CI): fewer iterations or a smaller population, same figures. */
  readonly short: boolean;
}

/** What every `test/bench/<area>.bench.ts` exports. */
export interface BenchArea {
  run(options: BenchOptions): Promise<BenchReport>;
}

export function machineInfo(extra: Record<string, string | number> = {}): Record<string, string | number> {
  const cpu = cpus();
  return {
    platform: platform(),
    release: release(),
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    ...extra,
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function writeReport(dir: string, area: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${area}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

export function formatTable(area: string, figures: Readonly<Record<string, Figure>>): string {
  const rows = Object.entries(figures).map(([name, f]) => [name, String(Math.round(f.value * 100) / 100), f.unit]);
  const widths = [0, 1, 2].map((i) => Math.max(...[['figure', 'value', 'unit'], ...rows].map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [`== ${area}`, line(['figure', 'value', 'unit']), ...rows.map(line)].join('\n');
}
