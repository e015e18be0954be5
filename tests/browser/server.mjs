// The fixture server: HTTPS on 127.0.0.1, every page with a strict Content-Security-Policy like the
// networks' own (no inline script, no eval, no wasm), so a content script that tried to start wasm would
// fail here as it does on x.com. The browsers map the networks' host names to 127.0.0.1, so the shipped
// manifest's content-script matches are what is tested.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGuideFeed } from './guide-feed.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..', '..');
const FIXTURES = join(HERE, 'fixtures');
const TMP = join(ROOT, 'tests', '.tmp');

/** The host names the fixtures are served under (each maps to 127.0.0.1 in the browsers). */
export const FIXTURE_HOSTS = [
  'x.com', 'bsky.app', 'mastodon.social', 'www.linkedin.com', 'www.facebook.com', 'www.instagram.com', 'www.threads.com',
  'www.youtube.com',
];

/** Ports of the fixture servers listening in this process (the network recorder lets only these through). */
export const FIXTURE_PORTS = new Set();

/** The policy every fixture page is served with. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

/** Node packages fixture pages may load (served from node_modules under /npm/). */
const NPM_DIR = join(ROOT, 'node_modules');

function certificate() {
  mkdirSync(TMP, { recursive: true });
  const key = join(TMP, 'fixture-key.pem');
  const cert = join(TMP, 'fixture-cert.pem');
  // The certificate names every host: a host added to FIXTURE_HOSTS makes a new one.
  const names = FIXTURE_HOSTS.map((h) => `DNS:${h}`).join(',');
  const namesFile = join(TMP, 'fixture-cert-names.txt');
  const current = existsSync(namesFile) ? readFileSync(namesFile, 'utf8') : '';
  if (!existsSync(key) || !existsSync(cert) || current !== names) {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30',
      '-subj', '/CN=porte-voix-fixtures', '-addext', `subjectAltName=${names}`,
    ], { stdio: 'ignore' });
    writeFileSync(namesFile, names);
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * Starts the server on an ephemeral port of 127.0.0.1. Resolves to `{ port, url(host, path), requests,
 * guideFeed, close() }` (`guideFeed`: a shared style guide with ETags, see guide-feed.mjs).
 */
export async function startFixtureServer() {
  const requests = [];
  const guideFeed = createGuideFeed();
  const server = createServer(certificate(), (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'https://fixture').pathname);
    requests.push({ host: req.headers.host, path });
    if (guideFeed.handles(path)) {
      guideFeed.handle(req, res, path);
      return;
    }
    const base = path.startsWith('/npm/') ? NPM_DIR : FIXTURES;
    const rel = normalize(path.replace(/^\/npm\//, '/')).replace(/^(\.\.[/\\])+/, '');
    let file = join(base, rel);
    if (path.endsWith('/')) file = join(file, 'index.html');
    else if (!extname(file)) file += '.html';
    // The site apps route on the client: /sites/x/home, /sites/youtube/watch… are all /sites/x.html.
    const app = /^\/sites\/([a-z]+)(\/|$)/.exec(path);
    if (app && !existsSync(file)) file = join(FIXTURES, 'sites', `${app[1]}.html`);
    if (!file.startsWith(base) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': STRICT_CSP,
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  FIXTURE_PORTS.add(port);
  return {
    port,
    requests,
    guideFeed,
    url: (host, path) => `https://${host}:${port}${path}`,
    close: () => {
      FIXTURE_PORTS.delete(port);
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
