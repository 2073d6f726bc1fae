import { badgeColour, badgeLetter } from '../../lib/codeFormat';
import { issuerIcon } from '../../lib/issuer-icons/match';
import './Badge.css';

/**
 * The issuer's icon on its brand colour when Twofold knows the service; else the issuer's first
 * letter on a colour derived from the issuer. Decorative: the name is beside it.
 */
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
  const icon = issuerIcon(issuer, account);
  if (icon) {
    return (
      <span
        className="badge badge--icon"
        style={{ backgroundColor: icon.background, color: icon.glyph }}
        data-icon={icon.slug}
        aria-hidden="true"
      >
        <svg className="badge__glyph" viewBox="0 0 24 24" focusable="false">
          <path d={icon.path} fill="currentColor" />
        </svg>
      </span>
    );
  }
  return (
    <span className={`badge badge--${colour ?? badgeColour(issuer || account)}`} aria-hidden="true">
      {badgeLetter(issuer, account)}
    </span>
  );
}
