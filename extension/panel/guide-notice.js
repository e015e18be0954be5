// The side panel's notice about the shared guide: shown only when its last refresh went wrong (the
// server's guide was refused by the validation, the server or the network failed, the permission is
// missing), saying that the previous guide stays in force, with a button to the options page where the
// details are. Follows storage, so it appears and goes away as the background refreshes.
import { t } from '../pages/i18n.js';
import { statusMessage, subscriptionTrouble, readSubscription, SUBSCRIPTION_KEY } from '../background/guide-subscription.js';

const api = globalThis.browser ?? globalThis.chrome;
const notice = document.getElementById('guide-notice');

function when(iso) {
  return new Date(iso).toLocaleString(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

function render(record) {
  const sub = readSubscription(record);
  const trouble = subscriptionTrouble(sub);
  notice.hidden = !trouble;
  if (!trouble) return;
  const message = statusMessage(sub, when, t('guideSubNever'));
  // The parser's errors are listed on the options page, not here.
  if (message.key === 'guideSubInvalid') message.key = 'guideSubNoticeInvalid';
  const text = document.createElement('span');
  text.className = 'guide-notice-text';
  text.textContent = `${t('guideSubNoticeTitle')} ${t(message.key, message.substitutions)}`;
  const open = document.createElement('button');
  open.type = 'button';
  open.textContent = t('guideSubNoticeOpen');
  open.addEventListener('click', () => api.runtime.openOptionsPage());
  notice.replaceChildren(text, ' ', open);
}

api.storage.local.get(SUBSCRIPTION_KEY).then(({ [SUBSCRIPTION_KEY]: record }) => render(record));
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SUBSCRIPTION_KEY in changes) render(changes[SUBSCRIPTION_KEY].newValue);
});
