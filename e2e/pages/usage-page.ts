import type { Locator, Page } from '@playwright/test';

export class UsagePage {
  readonly period: Locator;
  readonly planName: Locator;
  readonly chargeRows: Locator;
  readonly totalRows: Locator;
  readonly estimateLines: Locator;
  readonly estimateTotal: Locator;
  readonly estimateTaxLabel: Locator;
  readonly metricPicker: Locator;
  readonly chart: Locator;
  readonly chartImage: Locator;
  readonly chartBars: Locator;
  readonly chartTicks: Locator;
  readonly chartReadout: Locator;
  readonly chartAllowance: Locator;
  readonly chartAllowanceLegend: Locator;
  readonly chartPeriodStart: Locator;
  readonly daysPicker: Locator;

  constructor(readonly page: Page) {
    this.period = page.getByTestId('usage-period');
    this.planName = page.getByTestId('usage-plan-name');
    this.chargeRows = page.getByTestId('usage-charge-row');
    this.totalRows = page.getByTestId('usage-total-row');
    this.estimateLines = page.getByTestId('estimate-line');
    this.estimateTotal = page.getByTestId('estimate-total');
    this.estimateTaxLabel = page.getByTestId('estimate-tax-label');
    this.metricPicker = page.getByTestId('metric-picker');
    this.chart = page.getByTestId('usage-chart');
    // the chart is a group of days, each a labelled image of its own
    this.chartImage = page.getByRole('group', { name: /per day/ });
    this.chartBars = page.getByTestId('usage-chart-bar');
    this.chartTicks = page.getByTestId('usage-chart-tick');
    this.chartReadout = page.getByTestId('chart-readout');
    this.chartAllowance = page.getByTestId('usage-chart-allowance');
    this.chartAllowanceLegend = page.getByTestId('usage-chart-allowance-legend');
    this.chartPeriodStart = page.getByTestId('usage-chart-period-start');
    this.daysPicker = page.getByTestId('days-picker');
  }

  async goto(metric?: string, days?: number) {
    const query = new URLSearchParams();
    if (metric) query.set('metric', metric);
    if (days) query.set('days', String(days));
    return this.page.goto(query.size > 0 ? `/billing/usage?${query}` : '/billing/usage');
  }

  /** The bar of one UTC day ('YYYY-MM-DD'). */
  chartBar(day: string): Locator {
    return this.page.locator(`[data-testid="usage-chart-bar"][data-day="${day}"]`);
  }

  async pickDays(days: 30 | 90) {
    await this.daysPicker.getByRole('link', { name: `${days} days`, exact: true }).click();
  }

  /** The metered charge's row, by the charge's description ('Storage overage'). */
  chargeRow(name: string): Locator {
    return this.chargeRows.filter({ has: this.page.getByTestId('charge-name').getByText(name, { exact: true }) });
  }

  async pickMetric(name: string) {
    await this.metricPicker.getByRole('link', { name, exact: true }).click();
  }
}
