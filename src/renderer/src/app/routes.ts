/** The three places the rail leads to (labels are catalogue ids); the window opens on Codes. */
export const VIEWS = [
  { id: 'codes', label: 'common.nav.codes', icon: 'codes' },
  { id: 'helpdesk', label: 'common.nav.helpdesk', icon: 'helpdesk' },
  { id: 'settings', label: 'common.nav.settings', icon: 'settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
