import { useT } from '../../i18n';
import './EmptyState.css';

/** What to do first, in the seed's three steps. */
export function EmptyState({ onAdd }: { onAdd: () => void }): React.JSX.Element {
  const t = useT();
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('codes.empty.title')}</h2>
      <ol className="empty-state__steps">
        <li>{t('codes.empty.step1')}</li>
        <li>{t('codes.empty.step2')}</li>
        <li>{t('codes.empty.step3')}</li>
      </ol>
      <button type="button" className="button button--primary" onClick={onAdd}>
        {t('codes.empty.add')}
      </button>
    </section>
  );
}
