import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdoptionView } from '../../../../shared/ipc/channels/helpdesk';
import { NotOffered } from './NotOffered';
import { useCapability, useConsoleCall } from './session';
import { FormError } from '../../components/FormError';
import { ROLE_PLURALS } from '../../../../shared/admin-api/vocabulary';

const percent = (enabled: number, total: number): number =>
  total === 0 ? 0 : Math.round((enabled / total) * 100);
const ROLE_LABELS: Readonly<Record<string, string>> = ROLE_PLURALS;

/** How many accounts use 2FA, overall and per role, with a small bar chart (SVG: no inline styles under the CSP). */
export function AdoptionTab(): React.JSX.Element {
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
  if (!report) return <p className="helpdesk-muted">Loading…</p>;
  const barWidth = 320;
  return (
    <div className="helpdesk-adoption">
      <p className="helpdesk-adoption__headline">
        <strong data-testid="adoption-percent">{percent(report.enabled, report.total)}%</strong> of accounts
        use two-factor authentication ({report.enabled.toLocaleString()} of {report.total.toLocaleString()}).
      </p>
      <svg
        className="helpdesk-chart"
        role="img"
        aria-label="2FA adoption by role"
        width={barWidth + 200}
        height={report.byRole.length * 36 + 8}
      >
        {report.byRole.map((row, index) => {
          const share = percent(row.enabled, row.total);
          const y = index * 36 + 4;
          return (
            <g key={row.role}>
              <text x={0} y={y + 18} className="helpdesk-chart__label">
                {ROLE_LABELS[row.role] ?? row.role}
              </text>
              <rect x={90} y={y + 4} width={barWidth} height={20} rx={4} className="helpdesk-chart__track" />
              <rect
                x={90}
                y={y + 4}
                width={(barWidth * share) / 100}
                height={20}
                rx={4}
                className="helpdesk-chart__bar"
              />
              <text x={90 + barWidth + 8} y={y + 18} className="helpdesk-chart__label">
                {share}% ({row.enabled}/{row.total})
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
