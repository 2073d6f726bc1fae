import { z } from 'zod';
import type { MessageId } from '../../i18n/catalogue';
import type { PersonFacingMessage } from '../../person-facing-error';

/**
 * A catalogue message with its values, made in main and said by the window in its own language
 * (`sayIn(t, words)`), so it follows a language change without asking main again.
 */
export const wordsSchema: z.ZodType<PersonFacingMessage> = z.lazy(() =>
  z.object({
    id: z.custom<MessageId>((id) => typeof id === 'string' && /^[a-z]+(\.[A-Za-z0-9]+)+$/.test(id)),
    values: z.record(z.string(), z.union([z.string(), z.number(), wordsSchema])).optional(),
  }),
);
