import type { CapabilityName } from '../../../../shared/admin-api/capabilities';
import { useRichT } from '../../i18n';
import { useCapabilityLabel } from './ServerOffers';

/** What the signed-in server does not offer, said before anyone tries it. */
export function NotOffered({ what, why }: { what: CapabilityName; why: string | null }): React.JSX.Element {
  const rich = useRichT();
  const label = useCapabilityLabel();
  return (
    <p className="helpdesk-not-offered" role="note">
      {why
        ? rich('helpdesk.notOffered.because', {
            what: label(what),
            why,
            b: (chunks) => <strong>{chunks}</strong>,
          })
        : rich('helpdesk.notOffered.plain', { what: label(what), b: (chunks) => <strong>{chunks}</strong> })}
    </p>
  );
}
