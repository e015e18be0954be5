// Which network a page belongs to, from its host name. Data only; loaded first among the content scripts.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

/** Host name (without `www.`) → network id of the core's network table. */
PorteVoix.SITE_NETWORKS = Object.freeze({
  'x.com': 'x',
  'twitter.com': 'x',
  'bsky.app': 'bluesky',
  'mastodon.social': 'mastodon',
  'threads.net': 'threads',
  'threads.com': 'threads',
  'linkedin.com': 'linkedin',
  'facebook.com': 'facebook',
  'instagram.com': 'instagram',
  'youtube.com': 'youtube',
  'tiktok.com': 'tiktok',
});

/** The network of `hostname`, or null for a site Porte-voix does not know. */
PorteVoix.networkForHost = function networkForHost(hostname) {
  const host = String(hostname).toLowerCase().replace(/^(www|m|mobile)\./, '');
  return PorteVoix.SITE_NETWORKS[host] ?? null;
};
