import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CredentialStore } from '../../src/desktop/helpdesk';
import { defaultProfilesPath } from '../../src/desktop/helpdesk/profiles';
import { osKeychain } from '../../src/desktop/keychain';
import { keychainUnavailable, skipReason } from '../support/skip';

const noKeychain = keychainUnavailable();

const token = (name: string) => ({ token: name, expiresAt: '2030-01-01T00:00:00.000Z' });

describe.skipIf(skipReason('help-desk credentials in the keychain', noKeychain))(
  'help-desk credentials in the real keychain',
  () => {
    // A service of its own, so nothing here meets the Twofold entries other tests keep.
    const keychain = osKeychain(`Twofold-credentials-test-${randomBytes(4).toString('hex')}`);
    const homeA = new CredentialStore(keychain, join('/tmp/twofold-home-a', 'helpdesk-profiles.json'));
    const homeB = new CredentialStore(keychain, join('/tmp/twofold-home-b', 'helpdesk-profiles.json'));
    const defaultHome = new CredentialStore(
      keychain,
      defaultProfilesPath({ ...process.env, TWOFOLD_HOME: undefined }),
    );
    afterAll(async () => {
      for (const store of [homeA, homeB, defaultHome]) await store.clear('odoo');
    });

    it('keeps a profile of one home apart from the same-named profile of another', async () => {
      await homeA.saveToken('odoo', token('token-of-home-a'));
      await homeB.saveToken('odoo', token('token-of-home-b'));
      await homeA.savePassword('odoo', 'password-a');
      expect((await homeA.token('odoo'))?.token).toBe('token-of-home-a');
      expect((await homeB.token('odoo'))?.token).toBe('token-of-home-b');
      expect(await homeB.password('odoo')).toBeNull();
      await homeB.clear('odoo');
      expect((await homeA.token('odoo'))?.token).toBe('token-of-home-a');
      expect(await homeA.password('odoo')).toBe('password-a');
    });

    it('keeps the names the default home always had (nobody is signed out by an upgrade)', async () => {
      await keychain.set('helpdesk:odoo:token', JSON.stringify(token('saved-before-the-upgrade')));
      expect((await defaultHome.token('odoo'))?.token).toBe('saved-before-the-upgrade');
      expect(await homeA.token('odoo').then((found) => found?.token)).not.toBe('saved-before-the-upgrade');
    });
  },
);
