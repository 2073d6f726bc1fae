/** Minimal JSON client for /api/admin/v1 in tests. */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export class ApiClient {
  token: string | undefined;
  /** The Accept-Language the console sends (its app language); none by default, as the CLI. */
  language: string | undefined;
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    json?: unknown,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (this.language) headers['accept-language'] = this.language;
    const response = await fetch(`${this.baseUrl}/api/admin/v1${path}`, {
      method,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
  }

  async signIn(login: string, password: string, code?: string): Promise<ApiAnswer> {
    const answer = await this.call(
      'POST',
      '/session',
      code === undefined ? { login, password } : { login, password, code },
    );
    if (answer.status === 201) this.token = answer.body.token as string;
    return answer;
  }

  async stepUp(password: string): Promise<ApiAnswer> {
    return this.call('POST', '/session/step-up', { password });
  }

  /**
   * A caller check passed (issue 25): a right code from the user's authenticator, checked by this
   * staff member; the proof a reset, disable or temporary code of a user needs.
   */
  async callerCheck(userId: number, code: string): Promise<{ callerCheckId: number }> {
    const answer = await this.call<{ valid: boolean; callerCheckId?: number }>(
      'POST',
      `/users/${userId}/2fa/check`,
      {
        code,
      },
    );
    if (!answer.body.valid || answer.body.callerCheckId === undefined)
      throw new Error(`the caller check failed: ${JSON.stringify(answer.body)}`);
    return { callerCheckId: answer.body.callerCheckId };
  }

  async userId(login: string): Promise<number> {
    const answer = await this.call<{ users: { id: number; login: string }[] }>(
      'GET',
      `/users?q=${encodeURIComponent(login)}`,
    );
    const user = answer.body.users.find((u) => u.login === login);
    if (!user) throw new Error(`no user ${login}`);
    return user.id;
  }
}
