import type sodiumModule from 'libsodium-wrappers';

export type Sodium = typeof sodiumModule;

let loaded: Promise<Sodium> | null = null;

/** libsodium, loaded on first use (only sync needs it; every other command starts without it). */
export function sodium(): Promise<Sodium> {
  loaded ??= import('libsodium-wrappers').then(async ({ default: lib }) => {
    await lib.ready;
    return lib;
  });
  return loaded;
}

const KEY_CONTEXT = new TextEncoder().encode('twofold sync key v1');
const ID_CONTEXT = new TextEncoder().encode('twofold sync key id v1');

/** The 32-byte key and its public id, both derived from the 16-byte seed a sync code carries. */
export function keyOfSeed(lib: Sodium, seed: Uint8Array): { key: Uint8Array; id: string } {
  const key = lib.crypto_generichash(32, seed, KEY_CONTEXT);
  const id = lib.to_hex(lib.crypto_generichash(8, seed, ID_CONTEXT));
  return { key, id };
}
