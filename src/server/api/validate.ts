import type { z } from 'zod';
import { HttpError } from '../http-error';

/** Parses input at the boundary; the first problem becomes a 400 with a message fit for a person. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const message =
    issue?.code === 'unrecognized_keys'
      ? `Unknown field(s) in the ${where}: ${issue.keys.join(', ')}.`
      : issue?.code === 'invalid_type' && issue.input === undefined
        ? `${field}this field is required.`
        : `${field}${issue?.message ?? 'invalid value.'}`;
  throw new HttpError(400, 'invalid_request', `Invalid ${where}: ${message}`);
}
