import { z } from 'zod';
import { ImportError } from '../errors';
import { words } from '../../../shared/person-facing-error';
import { importFormat } from '../types';
import { collectEntries, labelOf, looseInt, looseString, makeEntry, readShape } from './support/entry';

/** Duo Mobile's third-party accounts: a JSON list; an account with a counter is HOTP. Duo keeps no issuer. */

const accountSchema = z.looseObject({
  name: looseString,
  otpGenerator: z.looseObject({ otpSecret: z.string(), counter: looseInt }),
});

function isDuo(json: unknown): json is unknown[] {
  if (!Array.isArray(json)) return false;
  const first: unknown = json[0];
  return typeof first === 'object' && first !== null && 'otpGenerator' in first;
}

export const duo = importFormat({
  id: 'duo',
  label: 'Duo Mobile',
  help: "Duo Mobile has no export: on a rooted Android phone, copy its accounts file (files/duokit/accounts.json) from the app's data.",
  sniff: (source) => isDuo(source.jsonIfAny()),
  needsPassword: () => false,
  async parse(source) {
    const json = source.json();
    if (!Array.isArray(json)) throw new ImportError('MALFORMED', words('transfer.duo.notAList'));
    return collectEntries(
      json,
      (account, index) => labelOf('', (account as { name?: unknown } | null)?.name, index),
      (value) => {
        const account = readShape(accountSchema, value);
        const counter = account.otpGenerator.counter;
        const hotp = counter !== undefined && counter !== null;
        return makeEntry({
          type: hotp ? 'hotp' : 'totp',
          issuer: '',
          account: account.name,
          secret: account.otpGenerator.otpSecret,
          counter,
        });
      },
    );
  },
});
