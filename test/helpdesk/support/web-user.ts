/**
 * A person using the account server's web pages, as plain HTTP form posts with
 * the CSRF token and cookies a browser would send. Used to enroll users in 2FA
 * and to prove a user can log in with the password alone after the help desk acted.
 */
export class WebUser {
  private cookies = new Map<string, string>();

  /** Forgets the session but keeps any trusted-device cookie, as a browser does after signing out. */
  signOut(keep: (name: string) => boolean): void {
    for (const name of [...this.cookies.keys()]) if (!keep(name)) this.cookies.delete(name);
  }

  constructor(private readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  async get(path: string): Promise<{ status: number; location: string | null; html: string }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      headers: { cookie: this.cookieHeader() },
      redirect: 'manual',
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }

  async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }

  static csrf(html: string): string {
    const match = /name="csrf_token" value="([^"]+)"/.exec(html);
    if (!match?.[1]) throw new Error('no CSRF token on the page');
    return match[1];
  }

  /** Password step; returns where the server sent the person: '/account' or '/login/2fa' (or null when refused). */
  async login(login: string, password: string): Promise<string | null> {
    const page = await this.get('/login');
    const answer = await this.post('/login', { csrf_token: WebUser.csrf(page.html), login, password });
    return answer.status === 303 ? answer.location : null;
  }

  /** The code step; `remember` ticks "don't ask again on this device" (the server then trusts this client). */
  async secondStep(code: string, remember = false): Promise<string | null> {
    const page = await this.get('/login/2fa');
    const answer = await this.post('/login/2fa', {
      csrf_token: WebUser.csrf(page.html),
      code,
      ...(remember ? { remember: '1' } : {}),
    });
    return answer.status === 303 ? answer.location : null;
  }

  /** The seed's flow: Account Security → Enable → password → read the secret → confirm with a code. Returns the secret. */
  async enableTwofa(password: string, codeFor: (secret: string) => Promise<string>): Promise<string> {
    const security = await this.get('/account/security');
    let answer = await this.post('/account/security/enable', { csrf_token: WebUser.csrf(security.html) });
    if (answer.status === 200) {
      answer = await this.post('/account/security/identity', {
        csrf_token: WebUser.csrf(answer.html),
        password,
      });
    }
    if (answer.location !== '/account/security/setup')
      throw new Error(`enable went to ${answer.location ?? answer.status}`);
    const setup = await this.get('/account/security/setup');
    const secret = /id="secret">([^<]+)</.exec(setup.html)?.[1]?.replace(/\s/g, '');
    if (!secret) throw new Error('no secret on the setup page');
    const done = await this.post('/account/security/setup', {
      csrf_token: WebUser.csrf(setup.html),
      code: await codeFor(secret),
    });
    if (!done.html.includes('recovery-codes')) throw new Error('2FA was not enabled');
    return secret;
  }
}
