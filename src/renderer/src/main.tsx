import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { QuickAccess } from './views/quick-access/QuickAccess';
import './styles/tokens.css';
import './styles/base.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/* The Quick access window loads the same page with this hash. */}
      {window.location.hash === '#quick-access' ? <QuickAccess /> : <App />}
    </StrictMode>,
  );
}
