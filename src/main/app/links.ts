import { app } from 'electron';
import { offerOpenedLink, otpauthLinkFromArgv } from '../../desktop/app/otpauth-links';
import type { DesktopServices } from '../../desktop/services/desktop-services';

/**
 * otpauth:// links opened with Twofold: offered (not added) in the window, which comes forward.
 * A second launch hands over its link, or just brings the window forward.
 */
export function handleLinks(services: DesktopServices, show: () => void): (uri: string) => void {
  const openLink = (uri: string): void => {
    offerOpenedLink(services, uri);
    show();
  };
  app.on('second-instance', (_event, argv) => {
    const link = otpauthLinkFromArgv(argv);
    if (link) openLink(link);
    else show();
  });
  return openLink;
}
