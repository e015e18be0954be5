// X (x.com, twitter.com): Draft.js boxes `data-testid="tweetTextarea_N"`. A reply is written in a dialog
// that shows the tweet answered, or in the inline box under the focal tweet of a /status/ page.
'use strict';

PorteVoix.defineSite({
  network: 'x',
  hosts: ['x.com', 'twitter.com'],
  describe(box) {
    if (!box.closest('[data-testid^="tweetTextarea_"]') && !box.querySelector('[data-testid^="tweetTextarea_"]')) return null;
    const dialog = box.closest('[role="dialog"]');
    let answered = null;
    if (dialog) {
      answered = [...dialog.querySelectorAll('article[data-testid="tweet"]')].filter((a) => PorteVoix.follows(box, a)).pop() ?? null;
    } else if (/\/status\/\d+/.test(location.pathname)) {
      // The inline reply box follows the focal tweet.
      answered = [...document.querySelectorAll('article[data-testid="tweet"]')].filter((a) => PorteVoix.follows(box, a)).pop() ?? null;
    }
    if (!answered) return { kind: 'post' };
    const text = answered.querySelector('[data-testid="tweetText"]');
    return { kind: 'reply', parent: PorteVoix.messageText(text ?? answered) };
  },
});
