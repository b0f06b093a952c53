import { describe, expect, it } from 'vitest';
import { formatPercent } from './format-percent';

describe('formatPercent', () => {
  it('prints API percentages exactly, trailing zeros dropped, losses with a minus sign', () => {
    expect(formatPercent('60.00')).toBe('60%');
    expect(formatPercent('33.33')).toBe('33.33%');
    expect(formatPercent('12.50')).toBe('12.5%');
    expect(formatPercent('-48.15')).toBe('−48.15%');
    expect(formatPercent('0.00')).toBe('0%');
    expect(formatPercent('-0.00')).toBe('0%');
  });
});
