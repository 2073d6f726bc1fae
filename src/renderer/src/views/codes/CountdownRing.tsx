import { useRemaining, useStep } from '../../lib/clock';
import './CountdownRing.css';

const RADIUS = 9;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * Time left in the step as a draining ring; amber in the last five seconds.
 * The offset is set through the style object (CSSOM), which the CSP allows.
 */
export function CountdownRing({ period }: { period: number }): React.JSX.Element {
  const remaining = useRemaining(period);
  const ending = remaining <= 5;
  // A new circle per step, so the jump back to full is not animated backwards.
  const step = useStep(period);
  return (
    <svg className={`ring${ending ? ' ring--ending' : ''}`} viewBox="0 0 24 24" aria-hidden="true">
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
  );
}
