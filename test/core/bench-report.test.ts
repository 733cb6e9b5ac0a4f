import { describe, expect, it } from 'vitest';
import { formatTable, median, percentile } from '../bench/report';

describe('benchmark report helpers', () => {
  it('computes nearest-rank percentiles and medians', () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(percentile(values, 95)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 50)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
  });

  it('prints a table with every figure', () => {
    const table = formatTable('web-shell', { 'interactive-median': { value: 123.456, unit: 'ms' } });
    expect(table).toContain('== web-shell');
    expect(table).toMatch(/interactive-median\s+123\.46\s+ms/);
  });
});
