// A team's shared style guide as a WebDAV/HTTPS server serves it, for the subscription tests: under
// GUIDE_FEED_PATH of the fixture server (server.mjs), the file with a strong ETag and a Last-Modified
// date, 304 on a matching If-None-Match, optional basic authentication (401 with a challenge), and
// switches to serve another text (a new version, an invalid guide) or fail with an HTTP status. No
// CORS headers: the extension reads it only with the host permission the user granted.

/** Where the guide is served, as on a Nextcloud server. */
export const GUIDE_FEED_PATH = '/remote.php/dav/files/team/guide.toml';

/** A new feed: `{ handles(path), handle(req, res, path), serve(source), fail(status), requireAuth(user, password), requests }`. */
export function createGuideFeed() {
  let source = null;
  let etag = null;
  let lastModified = null;
  let version = 0;
  let failure = null;
  let credentials = null;
  /** Every request: `{ at, path, ifNoneMatch, ifModifiedSince, authorization, status }`. */
  const requests = [];

  return {
    requests,
    handles: (path) => path.startsWith('/remote.php/dav/'),
    /** Serves `text` from now on, as a new version (new ETag and date). */
    serve(text) {
      source = text;
      version += 1;
      etag = `"guide-v${version}"`;
      lastModified = new Date(Date.UTC(2026, 10, 1, 9, version)).toUTCString();
      failure = null;
      return etag;
    },
    /** Answers every request with HTTP `status` (null: serve the file again). */
    fail(status) {
      failure = status;
    },
    /** Asks for basic authentication with these credentials (null: none). */
    requireAuth(user, password) {
      credentials = user === null ? null : `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    },
    handle(req, res, path) {
      const entry = {
        at: Date.now(),
        path,
        ifNoneMatch: req.headers['if-none-match'] ?? null,
        ifModifiedSince: req.headers['if-modified-since'] ?? null,
        authorization: req.headers.authorization ?? null,
        status: 0,
      };
      requests.push(entry);
      const answer = (status, headers = {}, body = '') => {
        entry.status = status;
        res.writeHead(status, { 'cache-control': 'no-cache', ...headers });
        res.end(body);
      };
      if (req.method !== 'GET') return answer(405, { allow: 'GET' });
      if (failure !== null) return answer(failure, { 'content-type': 'text/plain' }, 'the server is having a bad day');
      if (credentials && req.headers.authorization !== credentials) {
        return answer(401, { 'www-authenticate': 'Basic realm="team files", charset="UTF-8"', 'content-type': 'text/plain' }, 'who are you?');
      }
      if (path !== GUIDE_FEED_PATH || source === null) return answer(404, { 'content-type': 'text/plain' }, 'no such file');
      const validators = { etag, 'last-modified': lastModified };
      if (req.headers['if-none-match'] === etag) return answer(304, validators);
      return answer(200, { ...validators, 'content-type': 'application/toml; charset=utf-8' }, source);
    },
  };
}
