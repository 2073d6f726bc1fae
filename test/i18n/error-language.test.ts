// Issue 22: an error raised in the main process reaches the window in the app's language, while its
// `message` (what the CLI prints and logs keep) stays English.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { VaultError } from '../../src/desktop/vault';
import { englishTranslate, loadMessages, translatorFor } from '../../src/shared/i18n';
import { PersonFacingError, sayIn, words } from '../../src/shared/person-facing-error';
import { testServices, type TestServices } from '../desktop/support/services';

const opened: TestServices[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

describe('errors in the app’s language', () => {
  it('keeps English as the message and says it in another language on request', async () => {
    const error = new VaultError(
      'WRONG_PASSWORD',
      words('vault.error.wrongPassword', { path: '/tmp/v.twofold' }),
    );
    expect(error.message).toBe('Wrong password for the vault /tmp/v.twofold.');
    const german = translatorFor('de', await loadMessages('de'));
    expect(error.inLanguage(german)).toBe('Falsches Passwort für den Tresor /tmp/v.twofold.');
    // A plain sentence is said as written, in any language.
    expect(new PersonFacingError('X', 'As written.').inLanguage(german)).toBe('As written.');
  });

  it('says a message inside a message in the same language', async () => {
    const japanese = translatorFor('ja', await loadMessages('ja'));
    const nested = words('vault.error.wrongPassword', { path: words('vault.unlock.wrongPassword') });
    expect(sayIn(englishTranslate, nested)).toBe('Wrong password for the vault Wrong password. Try again..');
    expect(sayIn(japanese, nested)).toContain('パスワードが違います');
  });

  it('crosses IPC in the language Settings chose, and in English again after switching back', async () => {
    const t = await testServices();
    opened.push(t);
    const dispatch = createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t);
    expect((await dispatch('vault.setPassword', { password: 'correct horse battery' })).ok).toBe(true);
    expect((await dispatch('vault.lock', undefined)).ok).toBe(true);

    await t.services.settings.update({ language: 'fr' });
    await expect.poll(() => t.services.language.locale).toBe('fr');
    expect(await dispatch('vault.unlock', { password: 'not it' })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Mot de passe incorrect. Réessayez.' },
    });

    await t.services.settings.update({ language: 'en' });
    await expect.poll(() => t.services.language.locale).toBe('en');
    expect(await dispatch('vault.unlock', { password: 'not it' })).toMatchObject({
      ok: false,
      error: { message: 'Wrong password. Try again.' },
    });
  });
});
