import { badgeColour, badgeLetter } from '../../lib/codeFormat';
import './Badge.css';

/** The issuer's first letter on a colour derived from the issuer; decorative, the name is beside it. */
export function Badge({
  issuer,
  account,
  colour,
}: {
  issuer: string;
  account: string;
  /** The list's choice, so neighbours differ; else derived from the issuer alone. */
  colour?: number | undefined;
}): React.JSX.Element {
  return (
    <span className={`badge badge--${colour ?? badgeColour(issuer || account)}`} aria-hidden="true">
      {badgeLetter(issuer, account)}
    </span>
  );
}
