// Nothing leaves the machine. Every browser test goes through the network recorder (recorder.mjs), and
// describeInBrowsers fails a session whose browser sent anything elsewhere than the fixture server. This
// file shows that check means something: the recorder really carries the browser's traffic (the fixture
// pages came through it), the browsers' own background services are switched off, and a request the
// extension makes to an outside address — from an extension page, from the service worker, to another
// port of this very machine — is caught, refused and reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor, CHROMIUM_QUIET, FIREFOX_QUIET } from './browsers.mjs';

/** fetch(url) from wherever this runs: 'answered <status>' or 'failed'. */
async function attempt(url) {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    return `answered ${response.status}`;
  } catch {
    return 'failed';
  }
}

describeInBrowsers('network recorder', (ctx, browserName) => {
  test('the browser reaches the fixture pages through the recorder, and only them', async () => {
    const { session, server } = ctx;
    await session.open(server.url('x.com', '/compose'));
    await session.open(server.url('bsky.app', '/compose'));
    const { requests } = session.network;
    for (const host of ['x.com', 'bsky.app']) {
      assert.ok(
        requests.some((r) => r.allowed && r.url === `https://${host}:${server.port}/`),
        `the tunnel to ${host} went through the recorder: ${JSON.stringify(requests)}`,
      );
    }
    assert.ok(server.requests.some((r) => r.host === `x.com:${server.port}` && r.path === '/compose'), 'the fixture server served the page');
    assert.deepEqual(session.network.outside(), []);
  });

  test("the browser's own background traffic is switched off", async () => {
    const { session } = ctx;
    if (browserName === 'firefox') {
      const prefs = await session.prefs(Object.keys(FIREFOX_QUIET));
      assert.deepEqual(prefs, FIREFOX_QUIET);
    } else {
      await session.open('chrome://version');
      const commandLine = await session.evaluate(() => document.getElementById('command_line')?.textContent ?? '');
      for (const flag of CHROMIUM_QUIET) assert.ok(commandLine.includes(flag), `chromium runs with ${flag}`);
      assert.match(commandLine, /--proxy-server=http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(commandLine.includes('--proxy-bypass-list=<-loopback>'), 'loopback goes through the recorder too');
    }
    // A few idle seconds: update checks, telemetry and list downloads would show up now (and fail the
    // session at its end if they came later).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.deepEqual(session.network.outside(), []);
    // What no switch turns off was refused too, never connected (see BROWSER_OWN_HOSTS in recorder.mjs).
    for (const r of session.network.browserOwn()) assert.equal(r.allowed, false, `${r.url} was refused`);
  });

  test('a request from an extension page to an outside address is caught and refused', async () => {
    const { session, server } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const otherPort = server.port === 1 ? 2 : server.port - 1;
    const targets = {
      [`https://example.com/porte-voix-leak`]: 'https://example.com:443/',
      [`https://203.0.113.7/leak`]: 'https://203.0.113.7:443/',
      [`http://example.org/leak?draft=secret`]: 'http://example.org/leak?draft=secret',
      // The fixture host name on another port of this machine is not the fixture server either.
      [`https://x.com:${otherPort}/leak`]: `https://x.com:${otherPort}/`,
    };
    for (const url of Object.keys(targets)) {
      assert.equal(await session.evaluate(attempt, url), 'failed', `${url} must not be answered`);
    }
    const caught = await waitFor(
      () => session.network.outside().map((r) => r.url),
      (urls) => Object.values(targets).every((u) => urls.includes(u)),
      { what: 'the recorder to report every attempt' },
    );
    assert.ok(caught.length >= 4);
    // Caught on purpose: forgotten so the session's final check passes (the log file keeps them).
    assert.ok(session.network.forget((r) => Object.values(targets).includes(r.url)) >= 4);
    assert.deepEqual(session.network.outside(), []);
  });

  test('a plain-HTTP server on this machine is refused unless a test allows it (only the CalDAV tests do)', async () => {
    const { session } = ctx;
    const { createServer } = await import('node:http');
    const seen = [];
    const local = createServer((req, res) => {
      seen.push(req.url);
      res.end('ok');
    });
    await new Promise((resolve) => local.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${local.address().port}/calendar`;
      await session.open(session.extensionUrl('options/options.html'));
      assert.equal(await session.evaluate(attempt, url), 'failed');
      await waitFor(() => session.network.outside().map((r) => r.url), (urls) => urls.includes(url), { what: 'the refused request in the recorder' });
      assert.deepEqual(seen, [], 'refused before reaching the server');
      assert.equal(session.network.forget((r) => r.url === url), 1);
      session.network.allow('127.0.0.1', local.address().port);
      await session.evaluate(attempt, url);
      assert.deepEqual(seen, ['/calendar'], 'allowed, it is forwarded');
    } finally {
      await new Promise((resolve) => local.close(resolve));
    }
  });

  if (browserName === 'chromium') {
    test("a request from the extension's service worker is caught too", async () => {
      const { session } = ctx;
      await session.open(session.extensionUrl('options/options.html'));
      assert.equal(await session.evaluateInWorker(attempt, 'https://example.net/from-the-worker'), 'failed');
      await waitFor(() => session.network.outside().map((r) => r.url), (urls) => urls.includes('https://example.net:443/'), { what: 'the worker request in the recorder' });
      assert.equal(session.network.forget((r) => r.url === 'https://example.net:443/'), 1);
    });
  }
});
