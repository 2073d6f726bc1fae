import { z } from 'zod';

/** The native messaging host's name, as registered with each browser. */
export const NATIVE_HOST_NAME = 'org.twofold.browser';

/** Chromium refuses host replies over 1 MiB; requests are small, so anything over 64 KiB is refused. */
export const MAX_REQUEST_BYTES = 64 * 1024;

const page = {
  id: z.number().int().min(0),
  /** The address of the frame the field is in, as the browser reports it (never the page's word). */
  url: z.string().max(2048),
  /** The address of the tab's top page. */
  topUrl: z.string().max(2048),
};
const entryId = z.string().min(1).max(64);

/**
 * What the extension asks the host. `code`: the code for the page's site (of one account, when
 * several match and the popup names it). `accounts`: the names of the accounts for the page's
 * site (never their secrets, never other sites' accounts), or why none, with the unlinked
 * accounts whose name is the site's to offer linking. `link`: link one of those to the site.
 */
export const hostRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('code'), ...page, account: entryId.optional() }),
  z.strictObject({ type: z.literal('accounts'), ...page }),
  z.strictObject({ type: z.literal('link'), ...page, account: entryId }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

const failure = z.strictObject({
  id: z.number().int().min(0).nullable(),
  ok: z.literal(false),
  reason: z.string().max(500),
});

/** An account as the popup shows it: its names, no secret. */
export const accountNameSchema = z.strictObject({
  id: entryId,
  issuer: z.string().max(512),
  account: z.string().max(512),
});
export type AccountName = z.infer<typeof accountNameSchema>;

export const codeReplySchema = z.union([
  z.strictObject({
    id: z.number().int().min(0).nullable(),
    ok: z.literal(true),
    code: z.string().regex(/^[0-9A-Za-z]{4,10}$/),
    issuer: z.string().max(512),
  }),
  failure,
]);
export type CodeReply = z.infer<typeof codeReplySchema>;

export const accountsReplySchema = z.union([
  z.strictObject({
    id: z.number().int().min(0).nullable(),
    ok: z.literal(true),
    site: z.string().max(253),
    accounts: z.array(accountNameSchema).max(100),
  }),
  failure.extend({
    /** The site, when the page is one Twofold could fill on. */
    site: z.string().max(253).optional(),
    /** Accounts with no site yet whose name is this site's: "Use GitHub for github.com?" */
    suggestions: z.array(accountNameSchema).max(20).optional(),
  }),
]);
export type AccountsReply = z.infer<typeof accountsReplySchema>;

/** Any reply the host sends (each request's own schema is the one to check it with). */
export const hostReplySchema = z.union([codeReplySchema, accountsReplySchema]);
export type HostReply = z.infer<typeof hostReplySchema>;

/** Content script → service worker: fill the field in this frame; it found code fields. */
export const contentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fill-code') }),
  z.strictObject({ type: z.literal('fields-found') }),
]);

/** Popup → service worker, about the active tab (or the tab named, when the popup is opened as a page). */
export const popupMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('popup-accounts'), tab: z.number().int().min(0).optional() }),
  z.strictObject({
    type: z.literal('popup-fill'),
    tab: z.number().int().min(0).optional(),
    account: entryId,
  }),
  z.strictObject({
    type: z.literal('popup-link'),
    tab: z.number().int().min(0).optional(),
    account: entryId,
  }),
]);
export type PopupMessage = z.infer<typeof popupMessageSchema>;

/** The popup's view of the tab: the host's answer, and whether there is a field to fill. */
export const popupStateSchema = z.strictObject({
  reply: accountsReplySchema,
  hasField: z.boolean(),
});
export type PopupState = z.infer<typeof popupStateSchema>;

/** Service worker → content script: fill this code (the popup's choice), or the focused field (the shortcut). */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('fill'),
    code: z.string().regex(/^[0-9A-Za-z]{4,10}$/),
    /** The origin the code was given for: a frame that has navigated elsewhere since fills nothing. */
    origin: z.string().max(2048),
  }),
  z.strictObject({ type: z.literal('fill-focused') }),
]);
