import type { SignInView } from '../../../../shared/ipc/channels/helpdesk';
import { useConsoleCall, when } from './session';
import { useLoaded } from './useLoaded';

/** How many sign-ins the side panel shows. */
const SHOWN = 20;

const FACTORS: Record<SignInView['factor'], string> = {
  password: 'Password only',
  totp: 'Authenticator code',
  recovery: 'Recovery code',
  'temporary-code': 'Temporary code',
  'trusted-device': 'Trusted device',
};

/** "5 Dec, 09:12" (with the year when not this year): short enough for one line in the panel. */
function shortWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(thisYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The user's last sign-ins: time, address, result and the factor used. */
export function SignInsSection({ userId, version }: { userId: number; version: number }): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { value: signIns, error } = useLoaded(
    () => consoleCall('helpdesk.signIns', { userId, limit: SHOWN }),
    `${userId}:${version}`,
  );

  return (
    <section aria-label="Sign-in history">
      <h3 className="helpdesk-panel__subtitle">Last sign-ins</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : signIns === null ? (
        <p className="helpdesk-muted">Loading…</p>
      ) : signIns.length === 0 ? (
        <p className="helpdesk-muted">No sign-ins recorded yet.</p>
      ) : (
        <table className="helpdesk-table helpdesk-table--compact" aria-label="Sign-ins">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Address</th>
              <th scope="col">Result</th>
              <th scope="col">Factor</th>
            </tr>
          </thead>
          <tbody>
            {signIns.map((signIn, index) => (
              <tr key={`${signIn.at}-${index}`}>
                <td className="helpdesk-signins__when" title={when(signIn.at)}>
                  {shortWhen(signIn.at)}
                </td>
                <td>{signIn.address ?? '—'}</td>
                <td>
                  <span className={`pill ${signIn.result === 'ok' ? 'pill--on' : 'pill--locked'}`}>
                    {signIn.result === 'ok' ? 'Signed in' : 'Refused'}
                  </span>
                </td>
                <td>{FACTORS[signIn.factor]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
