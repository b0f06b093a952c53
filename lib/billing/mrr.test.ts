import { describe, expect, it } from 'vitest';
import { monthlyRecurringAmount } from './mrr';

describe('monthlyRecurringAmount', () => {
  it('keeps a monthly fee as is and divides multi-month intervals', () => {
    expect(monthlyRecurringAmount('49', 'month', 1).toString()).toBe('49');
    expect(monthlyRecurringAmount('300', 'quarter', 1).toString()).toBe('100');
    expect(monthlyRecurringAmount('1200', 'year', 1).toString()).toBe('100');
    expect(monthlyRecurringAmount('100', 'month', 2).toString()).toBe('50');
  });

  it('scales weekly and daily cycles by the calendar year', () => {
    expect(monthlyRecurringAmount('12', 'week', 1).toFixed(2)).toBe('52.00');
    // Lyceum's 30-day cycle: $10 every 30 days is $10.14 a month
    expect(monthlyRecurringAmount('10', 'day', 30).toFixed(2)).toBe('10.14');
  });
});
