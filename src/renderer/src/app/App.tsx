import { lazy, Suspense, useState } from 'react';
import { ToastProvider } from '../components/ToastProvider';
import { CodesView } from '../views/codes/CodesView';
import { NavigationProvider, useNavigation } from './navigation';
import { Rail } from './Rail';
import { SiteConfirm } from './SiteConfirm';
import type { ViewId } from './routes';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import './App.css';

// Loaded when first opened, so the window shows its codes without parsing the other views first.
const HelpDeskView = lazy(() =>
  import('../views/helpdesk/HelpDeskView').then((m) => ({ default: m.HelpDeskView })),
);
const SettingsView = lazy(() =>
  import('../views/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
);

export function App(): React.JSX.Element {
  const [view, setView] = useState<ViewId>('codes');
  useGlobalShortcuts();
  return (
    <ToastProvider>
      <NavigationProvider view={view} onView={setView}>
        <Shell view={view} />
        <SiteConfirm />
      </NavigationProvider>
    </ToastProvider>
  );
}

function Shell({ view }: { view: ViewId }): React.JSX.Element {
  const { go } = useNavigation();
  return (
    <div className="app">
      <Rail current={view} onNavigate={(next) => go(next)} />
      <main className="app__main">
        {view === 'codes' ? <CodesView /> : null}
        <Suspense fallback={null}>
          {view === 'helpdesk' ? <HelpDeskView /> : null}
          {view === 'settings' ? <SettingsView /> : null}
        </Suspense>
      </main>
    </div>
  );
}
