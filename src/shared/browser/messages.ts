import { z } from 'zod';

/** The native messaging host's name, as registered with each browser. */
export const NATIVE_HOST_NAME = 'org.twofold.browser';

/** Chromium refuses host replies over 1 MiB; requests are small, so anything over 64 KiB is refused. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** What the extension asks the host: the code for the page it is on (its URL, and the top page's). */
export const hostRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('code'),
    id: z.number().int().min(0),
    url: z.string().max(2048),
    topUrl: z.string().max(2048),
  }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

export const hostReplySchema = z.union([
  z.strictObject({
    id: z.number().int().min(0).nullable(),
    ok: z.literal(true),
    code: z.string().regex(/^[0-9A-Za-z]{4,10}$/),
    issuer: z.string().max(512),
  }),
  z.strictObject({
    id: z.number().int().min(0).nullable(),
    ok: z.literal(false),
    reason: z.string().max(500),
  }),
]);
export type HostReply = z.infer<typeof hostReplySchema>;

/** Content script → service worker: fill the field in this frame. */
export const fillRequestSchema = z.strictObject({ type: z.literal('fill-code') });
