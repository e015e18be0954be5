// Exact per-network counting in the overlay, on the X, Bluesky and Mastodon fixture pages, in headless
// Chromium and Firefox. Each case is one of the rules that a naive character count gets wrong; the
// overlay must agree with the rule and with the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const CLI = fileURLToPath(new URL('../../target/release/porte-voix', import.meta.url));
const FAMILY = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // one emoji, 7 code points
const FLAG = '\u{1F1EB}\u{1F1F7}'; // 🇫🇷, 2 code points

const CASES = [
  {
    host: 'x.com', network: 'x',
    text: `Nouveau ${FAMILY} https://rouelibre.fr/ateliers/nantes/horaires-de-printemps`,
    // "Nouveau " 8 + the whole ZWJ sequence 2 + " " 1 + any URL 23
    expected: '34 / 280',
  },
  {
    host: 'x.com', network: 'x',
    text: 'こんにちは、ロウ・リーブルです',
    // CJK characters weigh 2 on X: 15 characters → 30
    expected: '30 / 280',
  },
  {
    host: 'bsky.app', network: 'bluesky',
    text: `Salut ${FAMILY} ${FLAG} é`,
    // extended grapheme clusters: "Salut " 6 + family 1 + " " 1 + flag 1 + " " 1 + "é" 1
    expected: '11 / 300',
  },
  {
    host: 'mastodon.social', network: 'mastodon',
    text: '@alice@piaille.fr regarde https://rouelibre.fr/un/lien/vraiment/tres/long/pour/voir',
    // a remote mention counts as "@alice" (6), " regarde " 9, any URL 23; the sample guide sets 1,000
    expected: '38 / 1000',
  },
];

function counterText() {
  return document.querySelector('porte-voix-overlay')?.shadowRoot?.querySelector('.counter')?.textContent ?? null;
}

describeInBrowsers('exact counting', (ctx, browserName) => {

  for (const c of CASES) {
    test(`${c.network}: ${c.expected} for ${JSON.stringify(c.text).slice(0, 40)}…`, async () => {
      const cli = JSON.parse(execFileSync(CLI, ['count', '--network', c.network, '--format', 'json', '-'], { input: c.text, encoding: 'utf8' }));
      // The CLI uses the built-in limits; the overlay the active guide's (the sample sets Mastodon to 1,000).
      assert.equal(String(cli.length), c.expected.split(' / ')[0], 'the CLI counts by the same rule');
      await ctx.session.open(ctx.server.url(c.host, '/compose'));
      await ctx.session.focus('#plain');
      await ctx.session.insertText(c.text);
      await waitFor(() => ctx.session.evaluate(counterText), (t) => t === c.expected, { what: `the overlay to show ${c.expected}` });
    });
  }
});
