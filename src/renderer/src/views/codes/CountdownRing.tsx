import { useRemaining, useStep } from '../../lib/clock';
import { useIntl } from 'react-intl';
import './CountdownRing.css';

const RADIUS = 9;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * Time left in the step as a draining ring with the seconds beside it; amber
 * in the last five seconds. The offset is set through the style object
 * (CSSOM), which the CSP allows.
 */
export function CountdownRing({ period }: { period: number }): React.JSX.Element {
  const intl = useIntl();
  const remaining = useRemaining(period);
  const ending = remaining <= 5;
  // A new circle per step, so the jump back to full is not animated backwards.
  const step = useStep(period);
  return (
    <span className={`countdown${ending ? ' countdown--ending' : ''}`} aria-hidden="true">
      <svg className="ring" viewBox="0 0 24 24">
        <circle className="ring__track" cx="12" cy="12" r={RADIUS} />
        <circle
          key={step}
          className="ring__progress"
          cx="12"
          cy="12"
          r={RADIUS}
          strokeDasharray={CIRCUMFERENCE}
          style={{ strokeDashoffset: CIRCUMFERENCE * (1 - (remaining - 1) / period) }}
        />
      </svg>
      <span className="countdown__seconds">{intl.formatNumber(remaining)}</span>
    </span>
  );
}
