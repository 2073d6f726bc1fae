// Writes the issuer icons the Codes view shows (`npm run icons:issuers`): a subset of
// simple-icons (CC0-1.0) for services people commonly protect with 2FA, with the names
// and domains each is matched by. Only the chosen icons' paths reach the renderer bundle,
// not the package's 3,000-odd. The output is committed; a test says whether it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import * as simpleIcons from 'simple-icons';
import type { IssuerIconData } from '../src/renderer/src/lib/issuer-icons/types';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const OUTPUT = 'src/renderer/src/lib/issuer-icons/catalogue.generated.ts';

/**
 * simple-icons slugs, each with the other names and domains issuers use for it. The brand's
 * title and its `<slug>.<tld>` domains match without being listed. Brands simple-icons no
 * longer carries (Microsoft, Amazon, Slack, LinkedIn, Fastmail…) keep the letter badge.
 */
const SERVICES: ReadonlyArray<readonly [slug: string, also?: readonly string[]]> = [
  // Code, hosting and infrastructure
  ['github'],
  ['gitlab'],
  ['bitbucket'],
  ['atlassian'],
  ['jira'],
  ['gitea'],
  ['forgejo'],
  ['codeberg', ['codeberg.org']],
  ['sourcehut', ['sr.ht']],
  ['launchpad'],
  ['npm', ['npmjs.com']],
  ['pypi', ['pypi.org']],
  ['docker', ['hub.docker.com']],
  ['cloudflare'],
  ['digitalocean'],
  ['hetzner'],
  ['vultr'],
  ['scaleway'],
  ['ovh', ['ovhcloud', 'ovhcloud.com']],
  ['netlify'],
  ['vercel'],
  ['fastly'],
  ['akamai'],
  ['alibabacloud', ['aliyun.com', 'alibabacloud.com']],
  ['ionos'],
  ['contabo'],
  ['hostinger'],
  ['kinsta'],
  ['wpengine', ['wpengine.com']],
  ['cloudways'],
  ['namecheap'],
  ['godaddy'],
  ['gandi', ['gandi.net']],
  ['porkbun'],
  ['namesilo'],
  ['sentry', ['sentry.io']],
  ['datadog', ['datadoghq.com']],
  ['pagerduty'],
  ['circleci'],
  ['travisci', ['travis-ci.com']],
  ['jenkins'],
  ['buildkite'],
  ['bitrise', ['bitrise.io']],
  ['terraform'],
  ['hashicorp'],
  ['pulumi'],
  ['kubernetes'],
  ['rancher'],
  ['redhat'],
  ['suse'],
  ['vmware'],
  ['proxmox'],
  ['truenas'],
  ['unraid', ['unraid.net']],
  ['synology'],
  ['ubiquiti', ['ui.com', 'unifi']],
  ['mikrotik'],
  ['fortinet'],
  ['paloaltonetworks'],
  ['cisco'],
  ['tailscale'],
  ['zerotier'],
  ['jetbrains'],
  ['huggingface', ['huggingface.co']],
  ['kaggle'],
  ['replit'],
  ['codesandbox'],
  ['glitch'],
  ['anthropic'],
  ['auth0'],
  ['okta'],
  ['keycloak'],
  ['snyk', ['snyk.io']],
  ['ubuntu', ['ubuntu one', 'login.ubuntu.com']],
  ['fedora', ['fedoraproject.org']],
  ['archlinux', ['archlinux.org']],
  ['debian', ['debian.org']],
  ['mozilla', ['firefox accounts', 'mozilla.org']],
  ['firefox'],
  // Passwords, mail, privacy and security
  ['bitwarden'],
  ['1password', ['1password.com']],
  ['lastpass'],
  ['dashlane'],
  ['keepassxc'],
  ['proton', ['proton.me', 'proton account']],
  ['protonmail', ['protonmail.com', 'protonmail']],
  ['protonvpn'],
  ['tuta', ['tutanota', 'tutanota.com', 'tuta.com']],
  ['gmx', ['gmx.net', 'gmx.de']],
  ['icloud', ['apple id', 'appleid.apple.com']],
  ['apple'],
  ['google', ['gmail', 'gmail.com', 'google account']],
  ['mailchimp'],
  ['mailgun'],
  ['zoho'],
  ['nordvpn'],
  ['expressvpn'],
  ['mullvad', ['mullvad.net']],
  ['surfshark'],
  ['privateinternetaccess', ['pia', 'privateinternetaccess.com']],
  ['torproject'],
  ['kaspersky'],
  ['bitdefender'],
  ['norton'],
  ['avast'],
  ['malwarebytes'],
  ['mcafee'],
  ['trezor', ['trezor.io']],
  ['kagi'],
  ['duckduckgo'],
  ['brave'],
  ['vivaldi'],
  ['opera'],
  // Money
  ['paypal'],
  ['stripe'],
  ['wise', ['transferwise', 'wise.com']],
  ['revolut'],
  ['n26'],
  ['monzo'],
  ['bunq'],
  ['chase'],
  ['americanexpress', ['amex', 'americanexpress.com']],
  ['bankofamerica'],
  ['wellsfargo'],
  ['hsbc'],
  ['barclays'],
  ['visa'],
  ['mastercard'],
  ['klarna'],
  ['venmo'],
  ['cashapp', ['cash.app', 'cash app']],
  ['robinhood'],
  ['coinbase'],
  ['binance'],
  ['kucoin'],
  ['okx'],
  ['alipay'],
  // Social, messaging and media
  ['facebook', ['meta', 'facebook.com']],
  ['instagram'],
  ['x', ['twitter', 'twitter.com', 'x.com']],
  ['mastodon', ['mastodon.social']],
  ['reddit'],
  ['discord', ['discord.com', 'discordapp.com']],
  ['telegram'],
  ['whatsapp'],
  ['snapchat'],
  ['tiktok'],
  ['pinterest'],
  ['tumblr'],
  ['quora'],
  ['medium'],
  ['substack'],
  ['wordpress', ['wordpress.com']],
  ['patreon'],
  ['kofi', ['ko-fi.com']],
  ['buymeacoffee'],
  ['gumroad'],
  ['stackoverflow'],
  ['stackexchange'],
  ['ycombinator', ['hacker news', 'news.ycombinator.com']],
  ['producthunt'],
  ['devdotto', ['dev.to']],
  ['hashnode'],
  ['vk', ['vk.com', 'vkontakte']],
  ['odnoklassniki', ['ok.ru']],
  ['wechat'],
  ['qq'],
  ['naver'],
  ['kakaotalk', ['kakao']],
  ['bilibili'],
  ['baidu'],
  ['youtube'],
  ['twitch', ['twitch.tv']],
  ['vimeo'],
  ['dailymotion'],
  ['flickr'],
  ['imgur'],
  ['spotify'],
  ['deezer'],
  ['tidal'],
  ['soundcloud'],
  ['bandcamp'],
  ['lastdotfm', ['last.fm', 'lastfm']],
  ['netflix'],
  ['hbo', ['hbo max', 'max.com']],
  ['crunchyroll'],
  ['plex', ['plex.tv']],
  ['jellyfin'],
  ['emby', ['emby.media']],
  // Games
  ['steam', ['steampowered.com', 'steamcommunity.com', 'valve']],
  ['epicgames', ['epic games', 'epicgames.com']],
  ['battledotnet', ['battle.net', 'blizzard', 'blizzard.com']],
  ['ea', ['electronic arts', 'ea.com']],
  ['ubisoft'],
  ['playstation', ['psn', 'playstation network', 'sony entertainment network']],
  ['riotgames', ['riot games', 'riotgames.com']],
  ['roblox'],
  ['humblebundle'],
  ['itchdotio', ['itch.io', 'itch']],
  ['unity', ['unity.com', 'unity3d.com']],
  ['unrealengine'],
  // Work and everyday services
  ['dropbox'],
  ['box', ['box.com']],
  ['mega', ['mega.nz', 'mega.io']],
  ['backblaze'],
  ['wasabi'],
  ['nextcloud'],
  ['owncloud'],
  ['notion', ['notion.so']],
  ['trello'],
  ['asana'],
  ['miro'],
  ['figma'],
  ['evernote'],
  ['todoist'],
  ['zoom', ['zoom.us']],
  ['webex'],
  ['hubspot'],
  ['intercom'],
  ['zendesk'],
  ['shopify'],
  ['squarespace'],
  ['wix'],
  ['etsy'],
  ['ebay'],
  ['airbnb'],
  ['uber'],
  ['lyft'],
  ['expedia'],
  ['sap'],
  ['autodesk'],
  ['tesla'],
  ['samsung'],
  ['xiaomi', ['mi account', 'mi.com']],
  ['huawei'],
  ['lenovo'],
  ['dell'],
  ['hp'],
  ['sony'],
];

interface SimpleIcon {
  title: string;
  slug: string;
  hex: string;
  path: string;
}

export function issuerIconData(): IssuerIconData[] {
  const bySlug = new Map<string, SimpleIcon>();
  for (const icon of Object.values(simpleIcons) as SimpleIcon[]) bySlug.set(icon.slug, icon);
  return SERVICES.map(([slug, also = []]) => {
    const icon = bySlug.get(slug);
    if (!icon) throw new Error(`simple-icons has no icon "${slug}" any more: take it out of SERVICES`);
    return { slug, title: icon.title, hex: icon.hex, path: icon.path, also };
  });
}

function simpleIconsVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(
    readFileSync(join(dirname(require.resolve('simple-icons')), 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/** The generated module's text, formatted as the repository's Prettier settings want it. */
export async function renderCatalogue(): Promise<string> {
  const path = resolve(root, OUTPUT);
  const source = `// Generated by scripts/issuer-icons.ts (npm run icons:issuers); do not edit.
// Icons: simple-icons ${simpleIconsVersion()} (https://simpleicons.org), CC0-1.0. The brands are their owners'
// trademarks, shown only to name the service an account belongs to.
import type { IssuerIconData } from './types';

export const ISSUER_ICONS: readonly IssuerIconData[] = ${JSON.stringify(issuerIconData())};
`;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(source, { ...options, filepath: path });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(resolve(root, OUTPUT), await renderCatalogue());
  console.log(`wrote ${OUTPUT} (${SERVICES.length} icons)`);
}
