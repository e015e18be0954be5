// The network recorder: a small HTTP proxy on 127.0.0.1 that every browser of the tests goes through
// (Chromium's `--proxy-server`, Firefox's `network.proxy.*` prefs, loopback included), for every context
// the browser has: pages, content scripts, extension pages, the extension's service worker or background
// page, and the browser's own background services.
//
// It lets through only the fixture servers this process started (`server.mjs`: HTTPS on 127.0.0.1 under
// the networks' real host names; the recorder connects every tunnel to a fixture port to 127.0.0.1 itself,
// whatever the name) and any origin a test allows explicitly
// (`allow(host, port)`, for a local CalDAV server, which the team-sync tests alone do; plain-HTTP requests
// to an allowed origin are forwarded to 127.0.0.1 too, and when nothing listens there the browser's
// connection is dropped, as a server that is down would). Everything else is refused (403, no connection made)
// and remembered: `outside()` lists it, and the harness fails the session when it is not empty.
//
// Every request is appended as one JSON line `{ at, browser, method, url, allowed, browserOwn? }` to the session's log
// file under tests/.tmp/network/. HTTPS goes through CONNECT tunnels, so the log has the origin
// (`https://host:port/`) of each tunnel; the full paths of allowed requests are in the fixture server's
// own `requests` list. Plain HTTP and WebSocket upgrades are logged with their full URL.
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_PORTS } from './server.mjs';

const LOG_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), 'tests', '.tmp', 'network');

/**
 * Reserved names (`.invalid` never resolves) the harness points the browsers' unavoidable background
 * services at (see CHROMIUM_QUIET in browsers.mjs). Requests to them are refused like any other, and
 * filed as `browserOwn` instead of failing the session.
 */
export const BROWSER_OWN_HOSTS = Object.freeze({
  gaia: 'gaia.browser-background.invalid',
  components: 'components.browser-background.invalid',
});
/**
 * Hosts a browser contacts whatever its switches and preferences say, so they cannot be renamed. Refused,
 * and filed as that browser's own:
 * - Chromium's spell-check dictionary download (the first time a text box gets typing; neither the
 *   spell-check preferences in the profile nor any switch stop it, only an enterprise policy would);
 * - Firefox's Remote Settings (release builds ignore `services.settings.server` outside Mozilla's own
 *   test builds; what it fetches — blocklists, certificate lists, search configuration — is not ours).
 */
const UNRENAMEABLE = { chromium: ['redirector.gvt1.com'], firefox: ['firefox.settings.services.mozilla.com'] };

/**
 * Starts a recorder for `browser` ('chromium' or 'firefox'). Resolves to
 * `{ port, logFile, requests, outside(), allow(host, port), forget(predicate), close() }`.
 */
export async function startRecorder(browser) {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${browser}-${process.pid}-${Date.now()}.jsonl`);
  const requests = [];
  const extra = new Set();
  const sockets = new Set();
  const browserOwn = new Set([...Object.values(BROWSER_OWN_HOSTS), ...(UNRENAMEABLE[browser] ?? [])]);

  /**
   * True when `host:port` is a fixture server of this process, whatever name the page used (the networks'
   * hosts, loopback, or a made-up site such as the generic-mode forum: the tunnel goes to 127.0.0.1
   * either way, never to that name), or an origin a test allowed.
   */
  const allowed = (host, port) => extra.has(`${host}:${port}`) || FIXTURE_PORTS.has(Number(port));

  function record(method, url, ok) {
    const entry = { at: new Date().toISOString(), browser, method, url, allowed: ok };
    if (!ok && browserOwn.has(new URL(url.includes('://') ? url : `https://${url}`).hostname)) entry.browserOwn = true;
    requests.push(entry);
    appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    return entry;
  }

  /** Forwards a plain-HTTP request to an allowed origin on 127.0.0.1; drops the browser's connection when nothing answers there. */
  function forward(req, res, target) {
    const upstream = httpRequest({ host: '127.0.0.1', port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    // A plain-HTTP request through a proxy carries its absolute URL. No fixture server speaks plain
    // HTTP: only an origin a test allowed (a local CalDAV server) is let through.
    let target = null;
    try {
      target = new URL(req.url);
    } catch {
      /* not an absolute URL: refused below */
    }
    if (target?.protocol === 'http:' && extra.has(`${target.hostname}:${target.port || 80}`)) {
      record(req.method, req.url, true);
      forward(req, res, target);
      return;
    }
    record(req.method, req.url, false);
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('refused by the test network recorder');
  });
  server.on('connect', (req, client) => {
    const { hostname, port } = new URL(`https://${req.url}`);
    const host = hostname.replace(/^\[|\]$/g, '');
    const ok = allowed(host, port || 443);
    record('CONNECT', `https://${req.url}/`, ok);
    client.on('error', () => {});
    if (!ok) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    // The fixture servers listen on 127.0.0.1 whatever name the browser asked for.
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
  });
  server.on('upgrade', (req, client) => {
    record('UPGRADE', req.url, false);
    client.on('error', () => {});
    client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    logFile,
    requests,
    /** The requests that were refused, but the browser's own background ones: they would have left the machine or reached a stranger. */
    outside: () => requests.filter((r) => !r.allowed && !r.browserOwn),
    /** The browser's own background requests (refused too; see BROWSER_OWN_HOSTS). */
    browserOwn: () => requests.filter((r) => r.browserOwn),
    /** Lets `host:port` through too (a local server a test starts, such as a CalDAV server). */
    allow(host, port) {
      extra.add(`${host}:${port}`);
    },
    /**
     * Forgets the refused requests `predicate` accepts, once a test has checked it caught them on
     * purpose (they stay in the log file). Returns how many were forgotten.
     */
    forget(predicate) {
      let n = 0;
      for (let i = requests.length - 1; i >= 0; i--) {
        if (!requests[i].allowed && predicate(requests[i])) {
          requests.splice(i, 1);
          n++;
        }
      }
      return n;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A failure message listing the refused requests of a session, or null when there were none. */
export function describeOutside(recorder) {
  const outside = recorder.outside();
  if (outside.length === 0) return null;
  const lines = outside.map((r) => `  ${r.method} ${r.url}`);
  return `${outside.length} request(s) went to something other than the fixture server (refused; log: ${recorder.logFile}):\n${lines.join('\n')}`;
}
