import type { Locator, Page } from '@playwright/test';

/** /billing/subscription: the plan, its status, the plans offered and the three actions. */
export class SubscriptionPage {
  readonly planName: Locator;
  readonly status: Locator;
  readonly period: Locator;
  readonly currentPrices: Locator;
  readonly cancelBanner: Locator;
  readonly done: Locator;
  readonly offersBasis: Locator;
  readonly actualCost: Locator;
  readonly endedUnbilled: Locator;
  readonly nextInvoice: Locator;
  readonly estimateTotal: Locator;

  constructor(readonly page: Page) {
    this.planName = page.getByTestId('subscription-plan-name');
    this.status = page.getByTestId('subscription-status');
    this.period = page.getByTestId('subscription-period');
    this.currentPrices = page.getByTestId('current-plan-prices');
    this.cancelBanner = page.getByTestId('cancel-banner');
    this.done = page.getByTestId('subscription-done');
    this.offersBasis = page.getByTestId('offers-basis');
    this.actualCost = page.getByTestId('offer-actual-cost');
    this.endedUnbilled = page.getByTestId('ended-unbilled-part');
    this.nextInvoice = page.getByTestId('next-invoice');
    this.estimateTotal = this.nextInvoice.getByTestId('estimate-total');
  }

  goto() {
    return this.page.goto('/billing/subscription');
  }

  /** The card of a plan offered, by its code. */
  offer(code: string): Locator {
    return this.page.locator(`[data-testid="plan-offer"][data-plan-code="${code}"]`);
  }
}
