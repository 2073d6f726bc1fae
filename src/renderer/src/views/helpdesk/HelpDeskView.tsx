import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { HelpdeskState } from '../../../../shared/ipc/channels/helpdesk';
import { Dialog } from '../../components/Dialog';
import { SearchField } from '../../components/SearchField';
import { useToast } from '../../components/toast';
import { useNavigation } from '../../app/navigation';
import { ViewHeader } from '../../components/ViewHeader';
import { AdoptionTab } from './AdoptionTab';
import { AuditTab } from './AuditTab';
import { MyAccountTab } from './MyAccountTab';
import { PolicyTab } from './PolicyTab';
import { RequestsTab } from './RequestsTab';
import { ConsoleSessionContext, type ConsoleSession } from './session';
import { SignInForm } from './SignInForm';
import { UsersTab } from './UsersTab';
import { WithoutTwofaBanner } from './WithoutTwofaBanner';
import { forgetConfirmations } from './stepUp';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';
import './helpdesk.css';

const TABS = ['Users', 'Requests', 'Audit', 'Adoption', 'Policy', 'My account'] as const;
type Tab = (typeof TABS)[number];
/** Each tab's name in the catalogue (the tab's key stays English: it is state, not text). */
const TAB_LABELS: Readonly<Record<Tab, MessageId>> = {
  Users: 'helpdesk.tab.users',
  Requests: 'helpdesk.tab.requests',
  Audit: 'helpdesk.tab.audit',
  Adoption: 'helpdesk.tab.adoption',
  Policy: 'helpdesk.tab.policy',
  'My account': 'helpdesk.tab.myAccount',
};

/** The help-desk console: sign in to an account server, then Users · Audit · Adoption · My account. */
export function HelpDeskView(): React.JSX.Element {
  const t = useT();
  const toast = useToast();
  const { leave } = useNavigation();
  const [state, setState] = useState<HelpdeskState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('Users');
  const [search, setSearch] = useState('');
  // Every sign-in and sign-out starts a new run of the console. A call of an earlier run that comes
  // back "signed out" (it crossed the sign-out, under load) says nothing about the session now.
  const [run, setRun] = useState(0);
  const [ended, setEnded] = useState<{ message: string; run: number } | null>(null);

  useEffect(() => {
    call('helpdesk.state')
      .then(setState)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const onEnded = useCallback((message: string) => setEnded({ message, run }), [run]);
  const begin = (next: HelpdeskState): void => {
    setState(next);
    setEnded(null);
    setRun((count) => count + 1);
  };
  const session = state?.session ?? null;
  const context = useMemo<ConsoleSession>(
    () => ({
      ended: onEnded,
      login: session?.login ?? '',
      profile: session?.profile ?? '',
      url: session?.url ?? '',
      kind: session?.kind ?? '',
      capabilities: session?.capabilities ?? [],
      refusesOwnAccount: session?.rules.refusesOwnAccount ?? false,
    }),
    [
      onEnded,
      session?.login,
      session?.profile,
      session?.url,
      session?.kind,
      session?.capabilities,
      session?.rules.refusesOwnAccount,
    ],
  );

  /** Reads the state again (after enrolling, the banner about the admin's own 2FA goes). */
  const refresh = async (): Promise<void> => {
    try {
      setState(await call('helpdesk.state'));
    } catch (caught) {
      toast({ message: messageOf(caught) });
    }
  };

  const signOut = async (): Promise<void> => {
    try {
      begin(await call('helpdesk.signOut'));
      // The next sign-in starts on the users list.
      setTab('Users');
    } catch (caught) {
      toast({ message: messageOf(caught) });
    }
  };

  if (!state) {
    return (
      <>
        <ViewHeader title={t('common.nav.helpdesk')} />
        <section className="placeholder-view">
          {error ? <p role="alert">{error}</p> : <p>{t('common.state.loading')}</p>}
        </section>
      </>
    );
  }

  if (!session) {
    return (
      <>
        <ViewHeader title={t('common.nav.helpdesk')} />
        <div className="helpdesk-start">
          <h2>{t('helpdesk.start.title')}</h2>
          <p className="helpdesk-muted">{t('helpdesk.start.intro')}</p>
          <SignInForm
            state={state}
            onSignedIn={(next) => {
              forgetConfirmations();
              begin(next);
            }}
          />
        </div>
      </>
    );
  }

  return (
    <ConsoleSessionContext.Provider value={context}>
      <ViewHeader title={t('common.nav.helpdesk')}>
        {tab === 'Users' ? (
          <SearchField label={t('helpdesk.users.search')} value={search} onChange={setSearch} />
        ) : null}
        <div className="helpdesk-switcher" aria-label={t('helpdesk.switcher.label')}>
          <span
            className="helpdesk-switcher__profile"
            title={
              session.serverVersion
                ? t('helpdesk.switcher.urlVersion', { url: session.url, version: session.serverVersion })
                : session.url
            }
            translate="no"
          >
            {session.profile}
          </span>
          <span className="helpdesk-muted">
            {t('helpdesk.switcher.signedInAs', { login: session.login })}
          </span>
          <button type="button" className="button button--quiet" onClick={() => leave(() => void signOut())}>
            {t('helpdesk.switcher.signOut')}
          </button>
        </div>
      </ViewHeader>
      {session.clockWarning !== null ? (
        <section className="helpdesk-banner" role="region" aria-label={t('helpdesk.clock.computerOff')}>
          <p>{session.clockWarning}</p>
        </section>
      ) : null}
      {session.twofaEnabled === false ? (
        <WithoutTwofaBanner
          login={session.login}
          canEnroll={session.capabilities.some((c) => c.name === 'enrollSelf' && c.offered)}
          onSetUp={() => setTab('My account')}
        />
      ) : null}
      <div className="helpdesk-tabs" role="tablist" aria-label={t('common.nav.helpdesk')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            className="helpdesk-tab"
            aria-selected={tab === name}
            onClick={() => name !== tab && leave(() => setTab(name))}
          >
            {t(TAB_LABELS[name])}
          </button>
        ))}
      </div>
      <div className="helpdesk-body" role="tabpanel" aria-label={t(TAB_LABELS[tab])}>
        {tab === 'Users' ? <UsersTab search={search} /> : null}
        {tab === 'Requests' ? <RequestsTab /> : null}
        {tab === 'Audit' ? <AuditTab /> : null}
        {tab === 'Adoption' ? <AdoptionTab /> : null}
        {tab === 'Policy' ? <PolicyTab /> : null}
        {tab === 'My account' ? <MyAccountTab onEnrolled={() => void refresh()} /> : null}
      </div>
      {ended !== null && ended.run === run ? (
        <Dialog title={t('helpdesk.signIn.againTitle')} onClose={() => void signOut()}>
          <SignInForm
            state={state}
            notice={t('helpdesk.signIn.ended', { message: ended.message })}
            again={{ profile: session.profile, url: session.url, login: session.login }}
            onSignedIn={(next) => {
              forgetConfirmations();
              begin(next);
            }}
          />
        </Dialog>
      ) : null}
    </ConsoleSessionContext.Provider>
  );
}
