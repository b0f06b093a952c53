import type { Locator, Page } from '@playwright/test';

export class BillingPage {
  readonly shell: Locator;
  readonly userEmail: Locator;
  readonly customerName: Locator;
  readonly invoiceRows: Locator;
  readonly invoiceTotals: Locator;
  readonly amountDue: Locator;
  /** the open period on /billing, and the line under it ("Renews …", "Ends …", "Trial ends …") */
  readonly currentPeriod: Locator;
  readonly periodNext: Locator;
  /** the overview's Pay button (to the oldest open invoice), the estimate, the allowance meters and the banner */
  readonly payButton: Locator;
  readonly estimateAmount: Locator;
  readonly allowances: Locator;
  readonly banner: Locator;

  constructor(readonly page: Page) {
    this.shell = page.getByTestId('billing-shell');
    this.userEmail = page.getByTestId('user-email');
    this.customerName = page.getByTestId('customer-name');
    this.invoiceRows = page.getByTestId('invoice-row');
    this.invoiceTotals = page.getByTestId('invoice-total');
    this.amountDue = page.getByTestId('amount-due');
    this.currentPeriod = page.getByTestId('current-period');
    this.periodNext = page.getByTestId('period-next');
    this.payButton = page.getByTestId('pay-button');
    this.estimateAmount = page.getByTestId('estimate-amount');
    this.allowances = page.getByTestId('allowance');
    this.banner = page.getByTestId('account-banner');
  }

  async goto() {
    return this.page.goto('/billing');
  }

  async gotoInvoices() {
    return this.page.goto('/billing/invoices');
  }

  /** The invoice row with this number. */
  invoiceRow(number: string): Locator {
    return this.invoiceRows.filter({ has: this.page.getByTestId('invoice-number').getByText(number, { exact: true }) });
  }

  async signOut() {
    await this.page.getByTestId('sign-out').click();
  }
}
