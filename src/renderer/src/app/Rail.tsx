import { Icon } from '../components/Icon';
import { VIEWS, type ViewId } from './routes';
import './Rail.css';

interface RailProps {
  current: ViewId;
  onNavigate: (view: ViewId) => void;
}

export function Rail({ current, onNavigate }: RailProps): React.JSX.Element {
  return (
    <nav className="rail" aria-label="Main">
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
              <span className="rail__label">{view.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
