import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiError, call } from '../../api/client';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../../shared/ipc';
import type { CapabilityName } from '../../../../shared/admin-api/capabilities';
import type { ConsoleRole } from '../../../../shared/admin-api/authority';
import type { CapabilityViewItem } from '../../../../shared/ipc/channels/helpdesk';

/** Error codes that mean "sign in again"; the console keeps what was typed and asks for the password. */
const SIGNED_OUT = new Set(['TOKEN_EXPIRED', 'NOT_SIGNED_IN']);

export interface ConsoleSession {
  /** Called when the server says the session is over. */
  readonly ended: (message: string) => void;
  readonly login: string;
  readonly profile: string;
  /** The server's address. */
  readonly url: string;
  /** The kind of server (its driver), e.g. "twofold" or "odoo". */
  readonly kind: string;
  /** What the signed-in server offers (from its driver). */
  readonly capabilities: readonly CapabilityViewItem[];
  /** The server refuses help-desk actions on the signed-in account itself (from its driver). */
  readonly refusesOwnAccount: boolean;
}

export const ConsoleSessionContext = createContext<ConsoleSession>({
  ended: () => undefined,
  login: '',
  profile: '',
  url: '',
  kind: '',
  capabilities: [],
  refusesOwnAccount: false,
});

/** Whether the signed-in server offers this; when not, the sentence that says why. */
export function useCapability(name: CapabilityName): { offered: boolean; why: string | null } {
  const { capabilities } = useContext(ConsoleSessionContext);
  const found = capabilities.find((capability) => capability.name === name);
  return found ? { offered: found.offered, why: found.why } : { offered: false, why: null };
}

type Args<C extends ChannelName> =
  undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** `call`, plus: an ended session opens the sign-in dialog over the console (the caller still gets the error). */
export function useConsoleCall(): <C extends ChannelName>(
  name: C,
  ...args: Args<C>
) => Promise<ChannelOutput<C>> {
  const { ended } = useContext(ConsoleSessionContext);
  return useCallback(
    async <C extends ChannelName>(name: C, ...args: Args<C>): Promise<ChannelOutput<C>> => {
      try {
        return await call(name, ...args);
      } catch (error) {
        if (error instanceof ApiError && SIGNED_OUT.has(error.code)) ended(error.message);
        throw error;
      }
    },
    [ended],
  );
}

export function useConsoleSession(): ConsoleSession {
  return useContext(ConsoleSessionContext);
}

/** The signed-in person's role, found in the users list once; null until known (or when not listed). */
export function useMyRole(): ConsoleRole | null {
  const { login } = useConsoleSession();
  const consoleCall = useConsoleCall();
  const [found, setFound] = useState<{ login: string; role: ConsoleRole | null } | null>(null);
  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.users', { q: login, pageSize: 100 })
      .then(
        ({ users }) => live && setFound({ login, role: users.find((u) => u.login === login)?.role ?? null }),
      )
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [consoleCall, login]);
  return found?.login === login ? found.role : null;
}

/** Saves text as a file through a temporary download link (nothing leaves the machine). */
export function saveText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `when(iso)`: a date and time in the active language ("—" for none). */
export function useWhen(): (iso: string | null) => string {
  const intl = useIntl();
  return useCallback(
    (iso: string | null) => {
      if (iso === null) return '—';
      const date = new Date(iso);
      return Number.isNaN(date.getTime())
        ? '—'
        : intl.formatDate(date, { dateStyle: 'medium', timeStyle: 'short' });
    },
    [intl],
  );
}
