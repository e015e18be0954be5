// Headless Chromium and Firefox with the built extension loaded, behind one small interface so that every
// browser test runs the same steps in both:
//
//   session.open(url)             navigate and wait for the page
//   session.focus(selector)       click into an element (a real click: focus events, caret)
//   session.type(text)            real key presses into the focused element
//   session.insertText(text)      one insertText edit (fast, for long drafts)
//   session.paste(text)           a real paste: `text` on the clipboard, then Ctrl+V into the focused element
//   session.hover(x, y)           move the real mouse pointer to viewport point (x, y)
//   session.setZoom(factor)       browser zoom as the page sees it (1 = none)
//   session.stopServiceWorker()   Chromium only: stop the extension's service worker (CDP)
//   session.clickShadow(host, sel) a real click on `sel` inside the (open) shadow root of `host`
//   session.setFile(sel, path)    choose a file in the file input `sel`
//   session.evaluate(fn, arg)     run fn(arg) in the page and return its (awaited) result
//   session.extensionUrl(path)    the URL of an extension page
//   session.fireCommand(name)     Firefox only: the extension's keyboard command, as the shortcut fires it
//   session.evaluateInWorker(fn, arg) Chromium only: run fn(arg) in the extension's service worker
//   session.network               the network recorder (recorder.mjs): every request the browser made
//   session.close()
//
// Every request of the browser goes through the session's network recorder (recorder.mjs), a proxy that
// lets through only the fixture server, under the networks' real host names (so the shipped manifest's
// content-script matches are exercised unchanged), and refuses the rest. describeInBrowsers fails the
// session when anything was refused. Direct name resolution is disabled besides (Chromium maps every
// name to "not found", Firefox to 127.0.0.1), so nothing that skipped the proxy could leave the machine
// either. Needs `tools/build.sh` to have produced dist/.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, before, after } from 'node:test';
import { startFixtureServer } from './server.mjs';
import { startRecorder, describeOutside, BROWSER_OWN_HOSTS } from './recorder.mjs';
import { GECKO_ID } from '../../tools/manifest.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROME_DIST = join(ROOT, 'dist', 'chrome');
export const FIREFOX_ZIP = join(ROOT, 'dist', 'porte-voix-firefox.zip');
/** Fixed so that Firefox extension pages have a known URL in tests. */
const FIREFOX_UUID = '5b1c0f6e-7d2a-4c3b-9e8f-0a1b2c3d4e5f';

function which(command, fallback) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
  } catch {
    return fallback;
  }
}

/**
 * The Chromium binary itself. Debian's /usr/bin/chromium is a wrapper that exports Google API keys and
 * adds --enable-remote-extensions, which turn on sign-in, autofill and extension-update traffic to
 * Google; the tests run the binary without them (the recorder caught those requests).
 */
function chromiumBinary() {
  const direct = '/usr/lib/chromium/chromium';
  return existsSync(direct) ? direct : which('chromium', '/usr/bin/chromium');
}

/** Chromium with the unpacked extension from dist/chrome. */
export async function launchChromium() {
  if (!existsSync(join(CHROME_DIST, 'manifest.json'))) throw new Error('dist/chrome is missing: run tools/build.sh first');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'pv-chromium-'));
  const network = await startRecorder('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumBinary(),
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', ...CHROMIUM_QUIET,
      `--disable-extensions-except=${CHROME_DIST}`, `--load-extension=${CHROME_DIST}`,
      // Everything through the recorder, loopback included (Chromium bypasses loopback by default).
      `--proxy-server=http://127.0.0.1:${network.port}`, '--proxy-bypass-list=<-loopback>',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--ignore-certificate-errors',
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    name: 'chromium',
    context,
    page,
    extensionId,
    async open(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async focus(selector) {
      await page.click(selector);
    },
    async type(text) {
      await page.keyboard.type(text);
    },
    async insertText(text) {
      await page.keyboard.insertText(text);
    },
    async paste(text) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.keyboard.press('Control+V');
    },
    async hover(x, y) {
      await page.mouse.move(x, y);
    },
    /**
     * Browser zoom as the page sees it: fewer CSS pixels across, more device pixels per CSS pixel. The
     * override lives as long as its DevTools session, which stays open until the zoom is reset.
     */
    async setZoom(factor) {
      if (this.zoomSession) {
        await this.zoomSession.send('Emulation.clearDeviceMetricsOverride');
        await this.zoomSession.detach();
        this.zoomSession = null;
      }
      if (factor === 1) return;
      this.zoomSession = await context.newCDPSession(page);
      const { width, height } = page.viewportSize() ?? { width: 1280, height: 720 };
      await this.zoomSession.send('Emulation.setDeviceMetricsOverride', { width: Math.round(width / factor), height: Math.round(height / factor), deviceScaleFactor: factor, mobile: false });
    },
    /** Stops the extension's service worker, as Chrome does after 30 s idle; resolves once it is stopped. */
    async stopServiceWorker() {
      const cdp = await context.newCDPSession(page);
      const versions = new Map();
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
        for (const v of updated) versions.set(v.versionId, v.runningStatus);
      });
      try {
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await waitFor(async () => [...versions.values()], (s) => s.length > 0 && s.every((r) => r === 'stopped'), { what: 'the worker to stop' });
      } finally {
        await cdp.detach();
      }
    },
    async clickShadow(host, selector) {
      await page.locator(host).locator(selector).first().click(); // locators pierce open shadow roots
    },
    async setFile(selector, path) {
      await page.setInputFiles(selector, path);
    },
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path}`,
    /** Runs fn(arg) in the extension's service worker (it must be running: open an extension page first). */
    async evaluateInWorker(fn, arg) {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
      return worker.evaluate(fn, arg);
    },
    network,
    async close() {
      await context.close();
      await network.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium's own background traffic, off: component and extension updates, sync, Safe Browsing and
 * phishing detection, metrics and reliability reports, the optimisation hints, media routing, pings,
 * network time queries, autofill server queries, default apps. (`--disable-dev-shm-usage`: what Debian's
 * wrapper adds on machines with a small /dev/shm.)
 */
export const CHROMIUM_QUIET = [
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--safebrowsing-disable-auto-update', '--metrics-recording-only', '--no-pings',
  '--disable-features=' + [
    'MediaRouter', 'OptimizationHints', 'OptimizationHintsFetching', 'OptimizationGuideModelDownloading',
    'OptimizationGuideOnDeviceModel', 'OptimizationTargetPrediction', 'SafeBrowsingEnhancedProtection',
    'NetworkTimeServiceQuerying', 'AutofillServerCommunication',
    ].join(','),
  '--disable-default-apps', '--disable-dev-shm-usage',
  // What no switch turns off (the account list Chromium asks Google for whenever a profile's network
  // starts, on-demand component installs) is sent to reserved names instead, which the recorder refuses
  // and files as the browser's own: nothing reaches Google, and no page or extension request can pass
  // for browser traffic (none of them knows these names).
  `--gaia-url=https://${BROWSER_OWN_HOSTS.gaia}/`,
  `--component-updater=url-source=https://${BROWSER_OWN_HOSTS.components}/service/update2/json`,
];

/**
 * Firefox's own background traffic, off: updates, Safe Browsing, telemetry and data reporting, captive
 * portal and connectivity checks, add-on metadata and updates, Remote Settings polling, push, DNS-over-HTTPS.
 */
export const FIREFOX_QUIET = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'services.settings.server': 'data:,',
  'dom.push.connection.enabled': false,
  'network.trr.mode': 5,
  'network.prefetch-next': false,
  'network.dns.disablePrefetch': true,
  'browser.newtabpage.activity-stream.feeds.topsites': false,
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'browser.region.update.enabled': false,
  'browser.region.network.url': '',
  'browser.translations.enable': false,
  'extensions.systemAddon.update.enabled': false,
  'privacy.query_stripping.enabled': false,
  'extensions.quarantinedDomains.enabled': false,
};

/** Firefox ESR with dist/porte-voix-firefox.zip installed as a temporary add-on. */
export async function launchFirefox() {
  if (!existsSync(FIREFOX_ZIP)) throw new Error('dist/porte-voix-firefox.zip is missing: run tools/build.sh first');
  process.env.SE_OFFLINE = 'true'; // Selenium must not try to download a driver or a browser
  const { Builder, By, Key } = await import('selenium-webdriver');
  const firefox = await import('selenium-webdriver/firefox.js');
  const network = await startRecorder('firefox');
  const options = new firefox.Options()
    .addArguments('-headless')
    .setBinary(which('firefox-esr', '/usr/bin/firefox-esr'))
    .setPreference('network.dns.forceResolve', '127.0.0.1')
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }));
  // Everything through the recorder, loopback included (Firefox bypasses loopback by default).
  const proxy = {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': network.port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': network.port,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
  };
  for (const [pref, value] of Object.entries({ ...FIREFOX_QUIET, ...proxy })) options.setPreference(pref, value);
  options.setAcceptInsecureCerts(true);
  // System access lets the harness open extension pages, which WebDriver navigation refuses.
  const service = new firefox.ServiceBuilder(
    which('geckodriver', join(process.env.HOME ?? '/root', '.cargo/bin/geckodriver')),
  ).addArguments('--allow-system-access');
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  await driver.installAddon(FIREFOX_ZIP, true);
  return {
    name: 'firefox',
    driver,
    async open(url) {
      if (!url.startsWith('moz-extension:')) {
        await driver.get(url);
        return;
      }
      // Each opening gets a new document, as a person opening the page would: going through about:blank
      // first means the wait below cannot take the page being left for the new one, even when only the
      // fragment differs (a same-document navigation would keep the old page and its state).
      await driver.get('about:blank');
      // WebDriver refuses to navigate to extension pages; the browser's own window can.
      await driver.setContext('chrome');
      try {
        await driver.executeScript(
          `const win = Services.wm.getMostRecentWindow('navigator:browser');
           win.gBrowser.selectedBrowser.loadURI(Services.io.newURI(arguments[0]),
             { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
          url,
        );
      } finally {
        await driver.setContext('content');
      }
      // The page may rewrite its own fragment as it starts (the side panel names its view there).
      const withoutFragment = (address) => address.split('#')[0];
      await waitFor(
        async () => withoutFragment(await driver.getCurrentUrl()) === withoutFragment(url) && (await driver.executeScript('return document.readyState')),
        (state) => state === 'complete',
        { what: `${url} to load` },
      );
    },
    async focus(selector) {
      await driver.findElement(By.css(selector)).click();
    },
    async type(text) {
      // The Actions API sends one key per task, as a person types; element sendKeys sends the whole
      // string in one task, which Lexical and Draft.js do not take as typing.
      await driver.actions().sendKeys(text).perform();
    },
    async insertText(text) {
      await driver.executeScript((t) => document.execCommand('insertText', false, t), text);
    },
    async paste(text) {
      await driver.setContext('chrome');
      try {
        await driver.executeScript(
          `Cc['@mozilla.org/widget/clipboardhelper;1'].getService(Ci.nsIClipboardHelper).copyString(arguments[0]);`,
          text,
        );
      } finally {
        await driver.setContext('content');
      }
      await driver.actions().keyDown(Key.CONTROL).sendKeys('v').keyUp(Key.CONTROL).perform();
    },
    async hover(x, y) {
      await driver.actions().move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' }).perform();
    },
    /** Browser zoom: Firefox's device-pixels-per-CSS-pixel, as its zoom and high-DPI screens set it. */
    async setZoom(factor) {
      await driver.setContext('chrome');
      try {
        await driver.executeScript(
          `if (arguments[0] === 1) Services.prefs.clearUserPref('layout.css.devPixelsPerPx');
           else Services.prefs.setCharPref('layout.css.devPixelsPerPx', String(arguments[0]));`,
          factor,
        );
      } finally {
        await driver.setContext('content');
      }
    },
    async setFile(selector, path) {
      await driver.findElement(By.css(selector)).sendKeys(path);
    },
    async clickShadow(host, selector) {
      const root = await driver.findElement(By.css(host)).getShadowRoot();
      const element = await root.findElement(By.css(selector));
      await element.click();
    },
    evaluate: (fn, arg) => driver.executeScript(`return (${fn})(arguments[0]);`, arg),
    extensionUrl: (path) => `moz-extension://${FIREFOX_UUID}/${path}`,
    /**
     * Fires the extension's keyboard command `name` through the browser window's own shortcut element (the
     * XUL <key> Firefox builds from the manifest), so the real path runs: activeTab is granted and the
     * background's commands.onCommand listener gets the active tab. Returns 'fired' or what was missing.
     */
    async fireCommand(name) {
      await driver.setContext('chrome');
      try {
        return await driver.executeScript(
          `const [geckoId, command] = arguments;
           const win = Services.wm.getMostRecentWindow('navigator:browser');
           const extension = WebExtensionPolicy.getByID(geckoId).extension;
           const keyset = win.document.getElementById('ext-keyset-id-' + extension.shortcuts.id);
           const letter = extension.manifest.commands[command].suggested_key.default.split('+').pop().toUpperCase();
           const key = [...keyset.children].find((k) => (k.getAttribute('key') ?? '').toUpperCase() === letter);
           if (!key) return 'no shortcut element for ' + command;
           key.dispatchEvent(new win.Event('command'));
           return 'fired';`,
          GECKO_ID,
          name,
        );
      } finally {
        await driver.setContext('content');
      }
    },
    Key,
    network,
    /** The values of Firefox preferences `names` as the running browser has them (null: unset). */
    async prefs(names) {
      await driver.setContext('chrome');
      try {
        return await driver.executeScript(
          `const out = {};
           for (const name of arguments[0]) {
             const type = Services.prefs.getPrefType(name);
             out[name] = type === Services.prefs.PREF_BOOL ? Services.prefs.getBoolPref(name)
               : type === Services.prefs.PREF_INT ? Services.prefs.getIntPref(name)
               : type === Services.prefs.PREF_STRING ? Services.prefs.getStringPref(name) : null;
           }
           return out;`,
          names,
        );
      } finally {
        await driver.setContext('content');
      }
    },
    async close() {
      await driver.quit();
      await network.close();
    },
  };
}

/** The browsers the tests run in: `PV_BROWSERS=chromium` (or firefox) narrows it. */
export const BROWSERS = (process.env.PV_BROWSERS ?? 'chromium,firefox').split(',');

/**
 * Declares the tests of `body(ctx, browserName)` once per browser, in a describe block titled
 * "`title` in chromium" (and firefox). Before the tests `ctx.server` (the fixture server) and
 * `ctx.session` (the browser with the extension) are started; after them both are closed, and the block
 * fails if the browser sent any request elsewhere than the fixture server (see recorder.mjs).
 */
export function describeInBrowsers(title, body) {
  for (const browserName of BROWSERS) {
    describe(`${title} in ${browserName}`, () => {
      const ctx = { server: null, session: null };
      before(async () => {
        ctx.server = await startFixtureServer();
        ctx.session = await launch(browserName);
      });
      after(async () => {
        await ctx.session?.close();
        await ctx.server?.close();
        // Checked once the browser is closed, so what it sends while shutting down counts too.
        const outside = ctx.session && describeOutside(ctx.session.network);
        if (outside) throw new Error(outside);
      });
      body(ctx, browserName);
    });
  }
}

/**
 * Launches `name` ('chromium' or 'firefox') and returns once the extension is ready: its options page
 * has had an answer from the background engine. (Firefox registers a temporary add-on's content
 * scripts a moment after the install returns; a test that opened a page at once could miss them.)
 */
export async function launch(name) {
  const session = name === 'firefox' ? await launchFirefox() : await launchChromium();
  await session.open(session.extensionUrl('options/options.html'));
  await waitFor(
    () => session.evaluate(() => document.getElementById('engine-status')?.textContent ?? ''),
    (status) => /\d+\.\d+\.\d+/.test(status),
    { timeout: 20000, what: `the ${name} extension to answer` },
  );
  return session;
}

/** Polls `probe()` until `accept(value)` holds; returns the value, or throws with the last one seen. */
export async function waitFor(probe, accept, { timeout = 10000, interval = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}
