import { useRichT, useT } from '../../i18n';

/**
 * Shown above the console for as long as the signed-in admin's own account has no 2FA: the admin API
 * is then one password away, so every sign-in says so and offers the way to turn it on.
 */
export function WithoutTwofaBanner({
  login,
  canEnroll,
  onSetUp,
}: {
  login: string;
  canEnroll: boolean;
  onSetUp: () => void;
}): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  return (
    <section className="helpdesk-banner" role="region" aria-label={t('helpdesk.banner.label')}>
      <p>
        {rich(canEnroll ? 'helpdesk.banner.textEnroll' : 'helpdesk.banner.textServer', {
          login,
          b: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      {canEnroll ? (
        <button type="button" className="button button--primary" onClick={onSetUp}>
          {t('helpdesk.banner.setUp')}
        </button>
      ) : null}
    </section>
  );
}
