/**
 * Twofold's extension ids, which the native host manifests allow and nothing else. The
 * Chromium id is fixed by the public key in the manifest's `key` (its SHA-256, in the
 * letters a–p); the Firefox id is the manifest's gecko id.
 */
export const CHROMIUM_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtCWuQ9QdV2zpkeYlkbLnZ5RzBYAhNWU4yyzSjoclyp3ITO4FbFXj9dhSIVhR+o0VuVZTCNYq5rsH/wtz2ENNNK2rWAlexJwnelXqSP7YeQClzinPLPQAP0yY2ldLbQ7YfMq71FnhQ39Wy9apCnNCUxzQYiuFow4xB1gMboziXcpdTfQ+lykc/09hI6Ky/8VKsRs93XEpaT6JqG+bJ+QM2HmcL4eJjE2ronRJj/oZFDCumfPgaju1oUX+BA7ErIu06KqE/kWNdyuhOhS5OyS7S2kvYv4nsQXr0L1TLvkbzBAAblsS/mrzBGT0qaNWfQYGbC1dYx4l3TUhT1b3PAepswIDAQAB';
export const CHROMIUM_EXTENSION_ID = 'pokpdoafbhlbfpfejnhjlphakedbegmp';
export const FIREFOX_EXTENSION_ID = 'browser@twofold.app';
