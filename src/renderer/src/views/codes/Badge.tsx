import { badgeColour, badgeLetter } from '../../lib/codeFormat';
import './Badge.css';

/** The issuer's first letter on a colour derived from the issuer; decorative, the name is beside it. */
export function Badge({ issuer, account }: { issuer: string; account: string }): React.JSX.Element {
  return (
    <span className={`badge badge--${badgeColour(issuer || account)}`} aria-hidden="true">
      {badgeLetter(issuer, account)}
    </span>
  );
}
