import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, call, messageOf } from '../../api/client';
import type { HelpdeskState } from '../../../../shared/ipc/channels/helpdesk';
import { FormError } from '../../components/FormError';
import { useRichT, useT } from '../../i18n';

interface SignInFormProps {
  readonly state: HelpdeskState;
  readonly onSignedIn: (state: HelpdeskState) => void;
  /** Shown above the form, e.g. "Your session has ended". */
  readonly notice?: string;
  /** Fixed server and login when signing in again over an open console. */
  readonly again?: { profile: string; url: string; login: string };
}

/** Password first, then (when the account has 2FA) the admin's own code, optionally from the vault. */
export function SignInForm({ state, onSignedIn, notice, again }: SignInFormProps): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  const last = state.profiles.find((p) => p.name === (again?.profile ?? state.current)) ?? state.profiles[0];
  const [url, setUrl] = useState(again?.url ?? last?.url ?? '');
  const [login, setLogin] = useState(again?.login ?? last?.login ?? '');
  const [profile, setProfile] = useState(again?.profile ?? last?.name ?? '');
  const [caFile, setCaFile] = useState(last?.caFile ?? '');
  const [db, setDb] = useState(last?.db ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [vaultLabel, setVaultLabel] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const [profiles, setProfiles] = useState(state.profiles);
  // The saved profile chosen (its server and login are known: only the password is asked); '' for a new one.
  const [chosen, setChosen] = useState(again ? '' : (last?.name ?? ''));
  const saved = !again && profiles.some((p) => p.name === chosen);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (saved && !askCode) passwordRef.current?.focus();
  }, [saved, chosen, askCode]);

  const choose = (name: string): void => {
    const chosen = profiles.find((p) => p.name === name);
    setChosen(name);
    setProfile(name);
    setUrl(chosen?.url ?? '');
    setLogin(chosen?.login ?? '');
    setCaFile(chosen?.caFile ?? '');
    setDb(chosen?.db ?? '');
    setAskCode(false);
    setCode('');
  };

  const forget = async (name: string): Promise<void> => {
    try {
      await call('helpdesk.forgetProfile', { name });
      setProfiles(profiles.filter((p) => p.name !== name));
      choose('');
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const target = {
    url: url.trim(),
    login: login.trim(),
    ...(profile.trim() ? { profile: profile.trim() } : {}),
  };

  useEffect(() => {
    if (!askCode) return;
    let live = true;
    call('helpdesk.vaultMatch', {
      url: url.trim(),
      login: login.trim(),
      ...(profile.trim() ? { profile: profile.trim() } : {}),
    })
      .then(({ match }) => live && setVaultLabel(match ? `${match.issuer}: ${match.account}` : null))
      .catch(() => live && setVaultLabel(null));
    return () => {
      live = false;
    };
  }, [askCode, url, login, profile]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await call('helpdesk.signIn', {
        ...target,
        password,
        ...(askCode && code.trim() ? { code: code.trim() } : {}),
        ...(caFile.trim() ? { caFile: caFile.trim() } : {}),
        ...(db.trim() ? { db: db.trim() } : {}),
      });
      setPassword('');
      onSignedIn(next);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'CODE_REQUIRED') {
        setAskCode(true);
        setError(askCode ? caught.message : null);
      } else {
        setError(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const fill = async (): Promise<void> => {
    try {
      setCode((await call('helpdesk.fillCode', target)).code);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <form
      className="form helpdesk-signin"
      onSubmit={(event) => void submit(event)}
      aria-label={t('helpdesk.signIn.label')}
    >
      {notice ? (
        <p className="helpdesk-notice" role="status">
          {notice}
        </p>
      ) : null}
      {!again && !askCode && profiles.length > 0 ? (
        <div className="field">
          <label className="field__label" htmlFor="helpdesk-saved">
            {t('helpdesk.signIn.saved')}
          </label>
          <div className="helpdesk-row">
            <select
              id="helpdesk-saved"
              className="input"
              value={chosen}
              onChange={(e) => choose(e.target.value)}
            >
              <option value="">{t('helpdesk.signIn.newServer')}</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name} translate="no">
                  {t('helpdesk.signIn.profileOption', { name: p.name, login: p.login })}
                </option>
              ))}
            </select>
            {saved ? (
              <button type="button" className="button button--quiet" onClick={() => void forget(chosen)}>
                {t('helpdesk.signIn.forget')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {askCode || saved || again ? (
        <p className="helpdesk-signin__who">
          {rich(again ? 'helpdesk.signIn.whoAgain' : 'helpdesk.signIn.who', {
            login: again?.login ?? login,
            url: again?.url ?? url,
            b: (chunks) => (
              <strong translate="no" dir="ltr">
                {chunks}
              </strong>
            ),
            u: (chunks) => (
              <span translate="no" dir="ltr">
                {chunks}
              </span>
            ),
          })}
        </p>
      ) : null}
      {!again && !saved && !askCode ? (
        <>
          <label className="field">
            <span className="field__label">{t('helpdesk.signIn.url')}</span>
            <input
              className="input"
              type="url"
              required
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://accounts.example.com"
            />
            <span className="field__hint">{t('helpdesk.signIn.urlHint')}</span>
          </label>
          <label className="field">
            <span className="field__label">{t('helpdesk.policy.colLogin')}</span>
            <input
              className="input"
              required
              autoComplete="username"
              value={login}
              onChange={(e) => setLogin(e.target.value)}
            />
          </label>
        </>
      ) : null}
      {askCode ? null : (
        <label className="field">
          <span className="field__label">{t('helpdesk.signIn.password')}</span>
          <input
            ref={passwordRef}
            className="input"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      )}
      {askCode ? (
        <div className="field">
          <label className="field__label" htmlFor="helpdesk-code">
            {t('helpdesk.signIn.code')}
          </label>
          <div className="helpdesk-row">
            <input
              id="helpdesk-code"
              className="input input--code"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            {vaultLabel ? (
              <button
                type="button"
                className="button"
                onClick={() => void fill()}
                title={t('helpdesk.signIn.useCodeOf', { entry: vaultLabel })}
              >
                {t('helpdesk.signIn.fill')}
              </button>
            ) : null}
          </div>
          <span className="field__hint">
            {vaultLabel ? t('helpdesk.signIn.holds', { entry: vaultLabel }) : t('helpdesk.signIn.codeHint')}
          </span>
        </div>
      ) : null}
      <FormError message={error} />
      <div className="form__actions">
        {askCode ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setAskCode(false);
              setCode('');
              setError(null);
            }}
          >
            {t('common.action.back')}
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('helpdesk.signIn.busy') : t('helpdesk.signIn.submit')}
        </button>
      </div>
      {!again && !saved && !askCode ? (
        <details className="helpdesk-more">
          <summary>{t('helpdesk.signIn.more')}</summary>
          <label className="field">
            <span className="field__label">{t('helpdesk.signIn.profile')}</span>
            <input
              className="input"
              value={profile}
              onChange={(e) => setProfile(e.target.value)}
              placeholder={t('helpdesk.signIn.profilePlaceholder')}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('helpdesk.signIn.db')}</span>
            <input className="input" value={db} onChange={(e) => setDb(e.target.value)} />
            <span className="field__hint">{t('helpdesk.signIn.dbHint')}</span>
          </label>
          <label className="field">
            <span className="field__label">{t('helpdesk.signIn.ca')}</span>
            <input
              className="input"
              value={caFile}
              onChange={(e) => setCaFile(e.target.value)}
              placeholder="/path/to/company-ca.pem"
            />
            <span className="field__hint">{t('helpdesk.signIn.caHint')}</span>
          </label>
        </details>
      ) : null}
    </form>
  );
}
