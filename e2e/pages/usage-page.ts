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
    this.chartImage = page.getByRole('img', { name: /per day/ });
    this.chartBars = page.getByTestId('usage-chart-bar');
  }

  async goto(metric?: string) {
    return this.page.goto(metric ? `/billing/usage?metric=${encodeURIComponent(metric)}` : '/billing/usage');
  }

  /** The metered charge's row, by the charge's description ('Storage overage'). */
  chargeRow(name: string): Locator {
    return this.chargeRows.filter({ has: this.page.getByTestId('charge-name').getByText(name, { exact: true }) });
  }

  async pickMetric(name: string) {
    await this.metricPicker.getByRole('link', { name, exact: true }).click();
  }
}
