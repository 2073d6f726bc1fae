import type { Locator, Page } from 'playwright-core';

/** Page objects for the help-desk console, shared by the browser tests. */
export function helpdesk(page: Page) {
  const signIn = page.getByRole('form', { name: 'Sign in to an account server' });
  const users = page.getByRole('table', { name: 'Users' });
  const panel = page.locator('aside.helpdesk-panel');
  return {
    signIn,
    users,
    panel,
    /** Waits for the console after signing in, or fails with the message the form shows. */
    async signedIn(): Promise<void> {
      const alert = page.getByRole('alert');
      await Promise.race([users.waitFor(), alert.first().waitFor()]).catch(async (error: unknown) => {
        const text = await page.locator('main').innerText();
        throw new Error(
          `no console after signing in; the page shows: ${text.replace(/\s+/g, ' ').slice(0, 400)}`,
          { cause: error },
        );
      });
      if (!(await users.isVisible())) throw new Error(`sign-in failed: ${await alert.first().textContent()}`);
    },
    /** Waits for the sign-in form and, when it offers saved servers, chooses "New server…". */
    async newServer(): Promise<void> {
      // The form comes a moment after signing out: count the saved servers only once it shows.
      await signIn.getByLabel('Password').waitFor();
      const saved = signIn.getByLabel('Saved servers');
      if ((await saved.count()) > 0) await saved.selectOption('');
      await signIn.getByLabel('Server address').waitFor();
    },
    /** Fills the sign-in form's server, login and password, and presses Sign in. */
    async signInWith(server: string, login: string, password: string): Promise<void> {
      // With saved profiles the form asks only for a password: choose a new server first.
      await this.newServer();
      await signIn.getByLabel('Server address').fill(server);
      await signIn.getByLabel('Login').fill(login);
      await signIn.getByLabel('Password').fill(password);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
    },
    /** Opens "More options" (profile name, database, CA file) on the sign-in form for a new server. */
    async moreOptions(): Promise<void> {
      const more = signIn.locator('details.helpdesk-more');
      if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
    },
    async open(): Promise<void> {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Help desk' }).click();
    },
    tab(name: 'Users' | 'Requests' | 'Audit' | 'Adoption' | 'Policy' | 'My account'): Locator {
      return page.getByRole('tab', { name });
    },
    /** The logins shown in the users table, in order. */
    async logins(): Promise<string[]> {
      return users.locator('tbody td.helpdesk-table__login').allTextContents();
    },
    chip(label: string): Locator {
      return page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: label, exact: true });
    },
    pager(): Locator {
      return page.getByRole('navigation', { name: 'Pages' }).locator('span');
    },
    dialog(): Locator {
      return page.locator('dialog[open]').last();
    },
    /** Opens the Audit tab and waits for the row that says `what`. */
    async auditRow(what: RegExp): Promise<Locator> {
      await page.getByRole('tab', { name: 'Audit' }).click();
      const row = page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: what });
      await row.waitFor();
      return row;
    },
    /** With the code field shown after the password: fills the code from the vault, then signs in. */
    async signInWithCodeFromVault(): Promise<void> {
      await signIn.getByRole('button', { name: 'Fill from Twofold' }).click();
      await eventually(
        () => signIn.getByLabel('Your two-factor code').inputValue(),
        (value) => /^\d{6}$/.test(value),
      );
      await signIn.getByRole('button', { name: 'Sign in' }).click();
    },
  };
}

/** Polls until `read` returns what `ok` accepts (Playwright's own expect is not used with vitest). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}
