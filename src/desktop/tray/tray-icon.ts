/** Which tray image fits the panel it sits on (files in resources/tray, made by `npm run icons`). */
export function trayIconFile(options: {
  platform: NodeJS.Platform;
  /** The OS theme is dark (Electron's nativeTheme.shouldUseDarkColors). */
  darkTheme: boolean;
  /** XDG_CURRENT_DESKTOP on Linux. */
  desktop?: string | undefined;
}): string {
  // macOS tints a template image to fit the menu bar, light or dark.
  if (options.platform === 'darwin') return 'trayTemplate.png';
  // GNOME's top bar is dark whatever the theme; elsewhere the panel follows the theme.
  const gnome = options.platform === 'linux' && /(^|:)GNOME($|:)/i.test(options.desktop ?? '');
  return options.darkTheme || gnome ? 'tray-dark-panel.png' : 'tray-light-panel.png';
}
