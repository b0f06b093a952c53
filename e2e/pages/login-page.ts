import type { Locator, Page } from '@playwright/test';
import { DEMO, type DemoRole } from './demo-users';

export class LoginPage {
  readonly form: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('login-form');
    this.error = page.getByTestId('login-error');
  }

  async goto(next?: string) {
    return this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }

  async signIn(email: string, password: string) {
    await this.form.getByLabel('Email').fill(email);
    await this.form.getByLabel('Password').fill(password);
    await this.form.getByRole('button', { name: 'Sign in' }).click();
  }

  /**
   * The one-click demo button; lands wherever `next` (or the role's home) points. Returns once the
   * landing page has loaded: a page with a loading state streams, and until the stream ends its content
   * sits in a hidden container where it cannot be focused.
   */
  async signInAsDemo(role: DemoRole) {
    await this.page.getByTestId(`demo-sign-in-${role}`).click();
    await this.page.waitForURL((url) => url.pathname !== '/login', { waitUntil: 'load' });
  }

  /** Opens /login and signs in with the demo account's email and password typed into the form. */
  async signInAs(role: DemoRole) {
    await this.goto();
    await this.signIn(DEMO[role].email, DEMO[role].password);
  }
}
