import type { Locator, Page } from '@playwright/test';

export class BillingPage {
  readonly shell: Locator;
  readonly userEmail: Locator;
  readonly customerName: Locator;
  readonly invoiceRows: Locator;
  readonly invoiceTotals: Locator;
  readonly amountDue: Locator;

  constructor(readonly page: Page) {
    this.shell = page.getByTestId('billing-shell');
    this.userEmail = page.getByTestId('user-email');
    this.customerName = page.getByTestId('customer-name');
    this.invoiceRows = page.getByTestId('invoice-row');
    this.invoiceTotals = page.getByTestId('invoice-total');
    this.amountDue = page.getByTestId('amount-due');
  }

  async goto() {
    return this.page.goto('/billing');
  }

  async gotoInvoices() {
    return this.page.goto('/billing/invoices');
  }

  async signOut() {
    await this.page.getByTestId('sign-out').click();
  }
}
