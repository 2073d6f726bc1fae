import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdoptionView } from '../../../../shared/ipc/channels/helpdesk';
import { NotOffered } from './NotOffered';
import { useCapability, useConsoleCall } from './session';
import { FormError } from '../../components/FormError';
import { useIntl } from 'react-intl';
import { useRichT, useT } from '../../i18n';

const percent = (enabled: number, total: number): number =>
  total === 0 ? 0 : Math.round((enabled / total) * 100);

/** How many accounts use 2FA, overall and per role, with a small bar chart (SVG: no inline styles under the CSP). */
export function AdoptionTab(): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  const intl = useIntl();
  const share = (enabled: number, total: number): string =>
    intl.formatNumber(percent(enabled, total) / 100, { style: 'percent' });
  const consoleCall = useConsoleCall();
  const [report, setReport] = useState<AdoptionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const adoption = useCapability('adoption');

  useEffect(() => {
    if (!adoption.offered) return;
    consoleCall('helpdesk.adoption')
      .then(setReport)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [consoleCall, adoption.offered]);

  if (!adoption.offered) return <NotOffered what="adoption" why={adoption.why} />;
  if (error) return <FormError message={error} />;
  if (!report) return <p className="helpdesk-muted">{t('common.state.loading')}</p>;
  const barWidth = 320;
  return (
    <div className="helpdesk-adoption">
      <p className="helpdesk-adoption__headline">
        {rich('helpdesk.adoption.headline', {
          percent: share(report.enabled, report.total),
          enabled: report.enabled,
          total: report.total,
          b: (chunks) => <strong data-testid="adoption-percent">{chunks}</strong>,
        })}
      </p>
      <svg
        className="helpdesk-chart"
        role="img"
        aria-label={t('helpdesk.adoption.chartLabel')}
        width={barWidth + 200}
        height={report.byRole.length * 36 + 8}
      >
        {report.byRole.map((row, index) => {
          const rowShare = percent(row.enabled, row.total);
          const y = index * 36 + 4;
          return (
            <g key={row.role}>
              <text x={0} y={y + 18} className="helpdesk-chart__label">
                {t('helpdesk.adoption.role', { role: row.role })}
              </text>
              <rect x={90} y={y + 4} width={barWidth} height={20} rx={4} className="helpdesk-chart__track" />
              <rect
                x={90}
                y={y + 4}
                width={(barWidth * rowShare) / 100}
                height={20}
                rx={4}
                className="helpdesk-chart__bar"
              />
              <text x={90 + barWidth + 8} y={y + 18} className="helpdesk-chart__label">
                {t('helpdesk.adoption.row', {
                  percent: share(row.enabled, row.total),
                  enabled: row.enabled,
                  total: row.total,
                })}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
