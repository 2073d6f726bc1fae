/** The three places the rail leads to; the window opens on Codes. */
export const VIEWS = [
  { id: 'codes', label: 'Codes', icon: 'codes' },
  { id: 'helpdesk', label: 'Help desk', icon: 'helpdesk' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
