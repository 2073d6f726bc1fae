import { useIntl } from 'react-intl';
import type { SignInView } from '../../../../shared/ipc/channels/helpdesk';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';
import { useConsoleCall, useWhen } from './session';
import { useLoaded } from './useLoaded';

/** How many sign-ins the side panel shows. */
const SHOWN = 20;

const FACTORS: Record<SignInView['factor'], MessageId> = {
  password: 'helpdesk.signIns.factorPassword',
  totp: 'helpdesk.signIns.factorTotp',
  recovery: 'helpdesk.signIns.factorRecovery',
  'temporary-code': 'helpdesk.signIns.factorTemporary',
  'trusted-device': 'helpdesk.signIns.factorDevice',
};

/** "5 Dec, 09:12" (with the year when not this year): short enough for one line in the panel. */
function shortWhen(iso: string, format: (date: Date, options: Intl.DateTimeFormatOptions) => string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return format(date, {
    month: 'short',
    day: 'numeric',
    ...(thisYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The user's last sign-ins: time, address, result and the factor used. */
export function SignInsSection({ userId, version }: { userId: number; version: number }): React.JSX.Element {
  const t = useT();
  const intl = useIntl();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const { value: signIns, error } = useLoaded(
    () => consoleCall('helpdesk.signIns', { userId, limit: SHOWN }),
    `${userId}:${version}`,
  );

  return (
    <section aria-label={t('helpdesk.capability.signInHistory')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.signIns.title')}</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : signIns === null ? (
        <p className="helpdesk-muted">{t('common.state.loading')}</p>
      ) : signIns.length === 0 ? (
        <p className="helpdesk-muted">{t('helpdesk.signIns.empty')}</p>
      ) : (
        <table
          className="helpdesk-table helpdesk-table--compact"
          aria-label={t('helpdesk.signIns.tableLabel')}
        >
          <thead>
            <tr>
              <th scope="col">{t('helpdesk.signIns.colWhen')}</th>
              <th scope="col">{t('helpdesk.signIns.colAddress')}</th>
              <th scope="col">{t('helpdesk.signIns.colResult')}</th>
              <th scope="col">{t('helpdesk.signIns.colFactor')}</th>
            </tr>
          </thead>
          <tbody>
            {signIns.map((signIn, index) => (
              <tr key={`${signIn.at}-${index}`}>
                <td className="helpdesk-signins__when" title={when(signIn.at)}>
                  {shortWhen(signIn.at, (date, options) => intl.formatDate(date, options))}
                </td>
                <td translate="no" dir="ltr">
                  {signIn.address ?? '—'}
                </td>
                <td>
                  <span className={`pill ${signIn.result === 'ok' ? 'pill--on' : 'pill--locked'}`}>
                    {signIn.result === 'ok' ? t('helpdesk.signIns.ok') : t('helpdesk.signIns.refused')}
                  </span>
                </td>
                <td>{t(FACTORS[signIn.factor])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
