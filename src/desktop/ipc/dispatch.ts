import { channelSpec, isChannelName } from '../../shared/ipc/contract';
import { fail, IPC_ERROR_CODES, ok } from '../../shared/ipc/result';
import { describeSchemaError, toIpcError } from './errors';
import type { ContractHandlers, Dispatch } from './handler-types';
import { englishTranslate, type Translate } from '../../shared/i18n';

type AnyHandler = (services: unknown, input: unknown) => unknown;

/**
 * The part of the door every transport shares (Electron IPC, the test host's HTTP):
 * known channel → input parsed by the channel's schema → handler → `{ ok, value | error }`.
 */
export function createDispatch<S>(
  handlers: ContractHandlers<S>,
  services: S,
  log: (line: string) => void = () => {},
  /** The app's language at the time of each call (errors are said in it); English without one. */
  language?: () => Translate,
): Dispatch {
  return async (name, rawInput) => {
    const t = language?.() ?? englishTranslate;
    if (!isChannelName(name)) return fail(IPC_ERROR_CODES.unknownChannel, t('vault.request.unknown'));
    const parsed = channelSpec(name).input.safeParse(rawInput);
    if (!parsed.success) return fail(IPC_ERROR_CODES.badInput, describeSchemaError(parsed.error, t));
    const [featureName = '', method = ''] = name.split('.');
    const feature = (handlers as unknown as Record<string, Record<string, AnyHandler>>)[featureName];
    const handler = feature?.[method];
    if (!handler) return fail(IPC_ERROR_CODES.unknownChannel, t('vault.request.unknown'));
    try {
      return ok(await handler(services, parsed.data));
    } catch (error) {
      const mapped = toIpcError(error, t);
      // Only the error's class and code: messages may echo input, and input may hold a secret.
      if (mapped.code === IPC_ERROR_CODES.internal) {
        log(`ipc ${name} failed: ${error instanceof Error ? error.name : typeof error}`);
      }
      return { ok: false, error: mapped };
    }
  };
}
