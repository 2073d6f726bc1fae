/** The three places the rail leads to; the window opens on Codes. */
export const VIEWS = [
  { id: 'codes', label: 'Codes', icon: '⏱' },
  { id: 'helpdesk', label: 'Help desk', icon: '☎' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
