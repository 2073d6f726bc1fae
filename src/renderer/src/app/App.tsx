import { useState } from 'react';
import { ToastProvider } from '../components/ToastProvider';
import { CodesView } from '../views/codes/CodesView';
import { HelpDeskView } from '../views/helpdesk/HelpDeskView';
import { SettingsView } from '../views/settings/SettingsView';
import { Rail } from './Rail';
import type { ViewId } from './routes';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import './App.css';

export function App(): React.JSX.Element {
  const [view, setView] = useState<ViewId>('codes');
  useGlobalShortcuts();
  return (
    <ToastProvider>
      <div className="app">
        <Rail current={view} onNavigate={setView} />
        <main className="app__main">
          {view === 'codes' ? <CodesView /> : null}
          {view === 'helpdesk' ? <HelpDeskView /> : null}
          {view === 'settings' ? <SettingsView /> : null}
        </main>
      </div>
    </ToastProvider>
  );
}
