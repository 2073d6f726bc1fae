import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { QuickAccess } from './views/quick-access/QuickAccess';
import { I18nProvider } from './i18n';
import './styles/tokens.css';
import './styles/base.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        {/* The Quick access window loads the same page with this hash. */}
        {window.location.hash === '#quick-access' ? <QuickAccess /> : <App />}
      </I18nProvider>
    </StrictMode>,
  );
}
