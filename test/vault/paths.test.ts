import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVaultPath, twofoldHome } from '../../src/desktop/platform/paths';

describe('per-user paths', () => {
  it('uses TWOFOLD_HOME and TWOFOLD_VAULT when set', () => {
    expect(twofoldHome({ TWOFOLD_HOME: '/x/home', HOME: '/h' })).toBe('/x/home');
    expect(defaultVaultPath({ TWOFOLD_HOME: '/x/home' })).toBe(join('/x/home', 'vault.twofold'));
    expect(defaultVaultPath({ TWOFOLD_VAULT: '/v/file', TWOFOLD_HOME: '/x' })).toBe('/v/file');
  });

  it("follows each OS's app-data folder", () => {
    expect(twofoldHome({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/Twofold');
    expect(twofoldHome({ HOME: '/home/a', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Twofold');
    expect(twofoldHome({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/Twofold');
    expect(twofoldHome({ HOME: '/u', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Twofold'),
    );
  });

  it('ignores empty overrides', () => {
    expect(defaultVaultPath({ TWOFOLD_VAULT: ' ', HOME: '/home/a' }, 'linux')).toBe(
      '/home/a/.config/Twofold/vault.twofold',
    );
  });
});
