// `t('codes.copy')`: a catalogue message in the active language. Ids are checked against the
// English catalogue at compile time; values fill ICU placeholders, plurals and selects.
import { useCallback } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { PrimitiveType } from 'intl-messageformat';
import type { MessageId } from '../../../shared/i18n';

export type MessageValues = Record<string, PrimitiveType>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}

/** A message with markup: each tag in it (`<b>…</b>`) is rendered by the function given for it. */
export function useRichT(): (
  id: MessageId,
  values: Record<string, PrimitiveType | ((chunks: React.ReactNode[]) => React.ReactNode)>,
) => React.ReactNode {
  const intl: IntlShape = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}
