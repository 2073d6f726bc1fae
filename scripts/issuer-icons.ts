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
export const DOMAINS_OUTPUT = 'src/shared/site/issuer-domains.generated.ts';

/**
 * simple-icons slugs, each with the other names and domains issuers use for it. The brand's
 * title and its `<slug>.<tld>` domains match without being listed. Brands simple-icons no
 * longer carries (Microsoft, Amazon, Slack, LinkedIn, Fastmail…) keep the letter badge.
 */
const SERVICES: ReadonlyArray<readonly [slug: string, also?: readonly string[]]> = [
  // Code, hosting and infrastructure
  ['github'],
  ['gitlab'],
  ['bitbucket', ['bitbucket.org']],
  ['atlassian'],
  ['jira'],
  ['gitea'],
  ['forgejo', ['forgejo.org']],
  ['codeberg', ['codeberg.org']],
  ['sourcehut', ['sr.ht']],
  ['launchpad', ['launchpad.net']],
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
  ['jenkins', ['jenkins.io']],
  ['buildkite'],
  ['bitrise', ['bitrise.io']],
  ['terraform', ['terraform.io']],
  ['hashicorp'],
  ['pulumi'],
  ['kubernetes', ['kubernetes.io']],
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
  ['codesandbox', ['codesandbox.io']],
  ['glitch'],
  ['anthropic'],
  ['auth0'],
  ['okta'],
  ['keycloak', ['keycloak.org']],
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
  ['keepassxc', ['keepassxc.org']],
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
  ['torproject', ['torproject.org']],
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
  ['telegram', ['telegram.org']],
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
  ['kakaotalk', ['kakao', 'kakao.com']],
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
  ['jellyfin', ['jellyfin.org']],
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

/**
 * Services whose `<slug>.com` is not theirs (or not where they sign in): their domains are
 * only the ones listed with them. Every other service also has `<slug>.com`.
 */
const NOT_DOT_COM = new Set([
  'bitbucket',
  'codesandbox',
  'codeberg',
  'sourcehut',
  'launchpad',
  'npm',
  'pypi',
  'ovh',
  'gandi',
  'sentry',
  'travisci',
  'bitrise',
  'terraform',
  'kubernetes',
  'jenkins',
  'unraid',
  'huggingface',
  'keycloak',
  'snyk',
  'fedora',
  'archlinux',
  'debian',
  'forgejo',
  'keepassxc',
  'proton',
  'tuta',
  'mullvad',
  'trezor',
  'torproject',
  'cashapp',
  'mastodon',
  'telegram',
  'ycombinator',
  'devdotto',
  'vk',
  'odnoklassniki',
  'kakaotalk',
  'twitch',
  'lastdotfm',
  'plex',
  'jellyfin',
  'emby',
  'steam',
  'battledotnet',
  'itchdotio',
  'kofi',
  'mega',
  'notion',
  'zoom',
  'datadog',
  'hbo',
  'icloud',
  'mozilla',
  'box',
]);

/**
 * The domains each service signs in on, for the browser extension's matching (an account
 * named "GitHub" is for github.com): the listed domains, and `<slug>.com` unless NOT_DOT_COM.
 */
export function issuerDomainData(): { names: string[]; domains: string[] }[] {
  return issuerIconData().map((icon) => {
    const isDomain = (text: string) => !/\s/.test(text) && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(text);
    const listed = icon.also.filter(isDomain);
    const domains = [...new Set(NOT_DOT_COM.has(icon.slug) ? listed : [`${icon.slug}.com`, ...listed])];
    if (domains.length === 0)
      throw new Error(`${icon.slug} has no domain: list one or take it out of NOT_DOT_COM`);
    return { names: [icon.title, icon.slug, ...icon.also.filter((text) => !isDomain(text))], domains };
  });
}

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

/** The generated table of each service's names and domains (no icons: the native host reads it). */
export async function renderDomains(): Promise<string> {
  const path = resolve(root, DOMAINS_OUTPUT);
  const source = `// Generated by scripts/issuer-icons.ts (npm run icons:issuers) from the issuer-icon catalogue; do not edit.
// The names of each service an account's issuer may carry, and the domains it signs in on.
export const ISSUER_DOMAINS: readonly { readonly names: readonly string[]; readonly domains: readonly string[] }[] = ${JSON.stringify(issuerDomainData())};
`;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(source, { ...options, filepath: path });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(resolve(root, OUTPUT), await renderCatalogue());
  writeFileSync(resolve(root, DOMAINS_OUTPUT), await renderDomains());
  console.log(`wrote ${OUTPUT} (${SERVICES.length} icons)`);
}
