import { Icon } from '../components/Icon';
import { VIEWS, type ViewId } from './routes';
import { useT } from '../i18n';
import './Rail.css';

interface RailProps {
  current: ViewId;
  onNavigate: (view: ViewId) => void;
}

export function Rail({ current, onNavigate }: RailProps): React.JSX.Element {
  const t = useT();
  return (
    <nav className="rail" aria-label={t('common.nav.main')}>
      <ul className="rail__list">
        {VIEWS.map((view) => (
          <li key={view.id}>
            <button
              type="button"
              className="rail__item"
              aria-current={view.id === current ? 'page' : undefined}
              onClick={() => onNavigate(view.id)}
            >
              <Icon name={view.icon} />
              <span className="rail__label">{t(view.label)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
