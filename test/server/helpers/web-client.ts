/**
 * A cookie-keeping HTTP client for the server's pages, the way a browser
 * without script would use them: fetch a form, read its CSRF token, post it.
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  /** `headers`: sent with every request, as a browser sends its Accept-Language. */
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(this.baseUrl + path, {
      redirect: 'manual',
      headers: { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
    };
  }

  async post(
    path: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...this.headers,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
    };
  }

  static csrfOf(body: string): string {
    const match = /name="csrf_token" value="([^"]+)"/.exec(body);
    if (!match?.[1]) throw new Error('no CSRF token on the page');
    return match[1];
  }

  /** Password step; returns where the server sent us (/account or /login/2fa). */
  async login(login: string, password: string): Promise<string | null> {
    const form = await this.get('/login');
    const answer = await this.post('/login', { login, password, csrf_token: WebClient.csrfOf(form.body) });
    return answer.location;
  }

  async logout(): Promise<void> {
    const page = await this.get('/account');
    if (page.status !== 200) return;
    await this.post('/logout', { csrf_token: WebClient.csrfOf(page.body) });
  }

  /** Enables 2FA through the pages; returns the secret read from the page and the recovery codes. */
  async enableTwoFactor(
    password: string,
    codeFor: (secret: string) => Promise<string>,
  ): Promise<{ secret: string; recoveryCodes: string[] }> {
    let security = await this.get('/account/security');
    // An account that must enroll (after a reset or a temporary code) is sent to the page that says so.
    if (security.location === '/account/security/required') security = await this.get(security.location);
    const identity = await this.post('/account/security/enable', {
      csrf_token: WebClient.csrfOf(security.body),
    });
    // Just signed in with the password (a required enrollment), the identity check is fresh already.
    const confirmed =
      identity.location === '/account/security/setup'
        ? identity
        : await this.post('/account/security/identity', {
            password,
            csrf_token: WebClient.csrfOf(identity.body),
          });
    if (confirmed.location !== '/account/security/setup')
      throw new Error(`identity check failed: ${confirmed.status}`);
    const setup = await this.get('/account/security/setup');
    const secret = /id="secret">([A-Z2-7 ]+)</.exec(setup.body)?.[1]?.replace(/ /g, '');
    if (!secret) throw new Error('no secret on the setup page');
    const done = await this.post('/account/security/setup', {
      code: await codeFor(secret),
      csrf_token: WebClient.csrfOf(setup.body),
    });
    const recoveryCodes = [...done.body.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map(
      (m) => m[1] as string,
    );
    if (recoveryCodes.length !== 10) throw new Error(`enabling failed: ${done.status}`);
    return { secret, recoveryCodes };
  }
}
