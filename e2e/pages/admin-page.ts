import type { Locator, Page } from '@playwright/test';

export class AdminPage {
  readonly shell: Locator;
  readonly mrr: Locator;
  readonly customerRows: Locator;
  readonly invoiceRows: Locator;
  readonly searchBox: Locator;

  constructor(readonly page: Page) {
    this.shell = page.getByTestId('admin-shell');
    this.mrr = page.getByTestId('mrr');
    this.customerRows = page.getByTestId('customer-row');
    this.invoiceRows = page.getByTestId('invoice-row');
    this.searchBox = page.getByRole('searchbox', { name: 'Search customers by name or email' });
  }

  async goto() {
    return this.page.goto('/admin');
  }

  async gotoCustomers(query?: string) {
    return this.page.goto(query ? `/admin/customers?query=${encodeURIComponent(query)}` : '/admin/customers');
  }

  async gotoInvoices() {
    return this.page.goto('/admin/invoices');
  }

  async search(query: string) {
    await this.searchBox.fill(query);
    await this.searchBox.press('Enter');
  }
}
