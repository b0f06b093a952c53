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

  constructor(readonly page: Page) {
    this.shell = page.getByTestId('billing-shell');
    this.userEmail = page.getByTestId('user-email');
    this.customerName = page.getByTestId('customer-name');
    this.invoiceRows = page.getByTestId('invoice-row');
    this.invoiceTotals = page.getByTestId('invoice-total');
    this.amountDue = page.getByTestId('amount-due');
    this.currentPeriod = page.getByTestId('current-period');
    this.periodNext = page.getByTestId('period-next');
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
