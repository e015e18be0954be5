// The options page's "Shared guide" section: subscribe to the team's guide at an HTTPS or WebDAV
// address, refresh it now, unsubscribe; the subscription's status (up to date, refused with the
// parser's errors, server or network trouble with the last successful refresh and the next try).
// While a shared guide is in force, the guide editor above is read-only for writers and interns; an
// approver or a manager sees a warning that a local edit lasts only until the shared guide changes.
// The background does the fetching (background/guide-subscription.js); this page asks for the host
// permission, which browsers grant only during a user action such as this click.
import { ask } from '../pages/ask.js';
import { localise, t } from '../pages/i18n.js';
import { parseGuideUrl, statusMessage, SUBSCRIPTION_KEY, DEFAULT_INTERVAL_MINUTES } from '../background/guide-subscription.js';
import { PROFILE_KEY } from '../background/reminders.js';

const api = globalThis.browser ?? globalThis.chrome;

const section = document.getElementById('guide-sub');
const url = document.getElementById('guide-sub-url');
const user = document.getElementById('guide-sub-user');
const password = document.getElementById('guide-sub-password');
const interval = document.getElementById('guide-sub-interval');
const subscribeButton = document.getElementById('guide-sub-subscribe');
const refreshButton = document.getElementById('guide-sub-refresh');
const unsubscribeButton = document.getElementById('guide-sub-unsubscribe');
const status = document.getElementById('guide-sub-status');
const errors = document.getElementById('guide-sub-errors');
const lock = document.getElementById('guide-lock');
/** The local guide editor (options.js): read-only while a shared guide is locked for the user's role. */
const editor = ['guide-file', 'guide-apply', 'guide-reset'].map((id) => document.getElementById(id));
const editorText = document.getElementById('guide-source');
localise(section);

/** A time for people, in the browser's language. */
function when(iso) {
  return new Date(iso).toLocaleString(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** The role shown by the profile form (what the user chose, saved or not yet). */
function roleName(role) {
  return t({ writer: 'reviewRoleWriter', intern: 'reviewRoleIntern', approver: 'reviewRoleApprover', admin: 'reviewRoleAdmin' }[role] ?? 'reviewRoleWriter');
}

/** Shows the subscription `sub` (null: none) and the editor's lock for the user's role. */
function render(sub, role) {
  const subscribed = Boolean(sub);
  refreshButton.hidden = !subscribed;
  unsubscribeButton.hidden = !subscribed;
  subscribeButton.textContent = t(subscribed ? 'guideSubChange' : 'guideSubSubscribe');
  section.dataset.status = sub?.status ?? 'none';
  if (subscribed && document.activeElement !== url) {
    url.value = sub.url;
    user.value = sub.user ?? '';
    password.placeholder = sub.hasPassword ? t('guideSubPasswordKept') : '';
    interval.value = String(sub.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES);
  }
  const message = statusMessage(sub, when, t('guideSubNever'));
  status.textContent = message ? t(message.key, message.substitutions) : t('guideSubNone');
  errors.replaceChildren(
    ...(sub?.errors ?? []).map((e) => {
      const li = document.createElement('li');
      li.className = 'guide-sub-error';
      li.textContent = `${e.line}:${e.column} ${e.path ? `${e.path} — ` : ''}${e.message}`;
      return li;
    }),
  );

  const locked = Boolean(sub?.locked);
  for (const control of [...editor, url, user, password, interval, subscribeButton, unsubscribeButton]) control.disabled = locked;
  editorText.readOnly = locked;
  lock.hidden = !sub?.source;
  lock.dataset.locked = String(locked);
  if (sub?.source) lock.textContent = locked ? t('guideSubLocked', [sub.url, roleName(role)]) : t('guideSubLocalEditWarning', [sub.url]);
}

async function show() {
  const [sub, { [PROFILE_KEY]: profile }] = await Promise.all([ask({ type: 'guide-subscription-get' }), api.storage.local.get(PROFILE_KEY)]);
  render(sub, profile?.role);
}

function showError(error) {
  status.textContent = String(error?.message ?? error);
}

subscribeButton.addEventListener('click', () => {
  const parsed = parseGuideUrl(url.value);
  if (!parsed.ok) {
    status.textContent = t(parsed.code);
    return;
  }
  const fields = { type: 'guide-subscribe', url: parsed.url, interval: Number(interval.value) };
  if (user.value.trim()) fields.user = user.value.trim();
  if (password.value) fields.password = password.value;
  // Asked here, synchronously inside the click: browsers grant an optional permission only during a user action.
  api.permissions
    .request({ origins: [parsed.pattern] })
    .then(async (granted) => {
      if (!granted) {
        status.textContent = t('guideSubPermissionDenied', [new URL(parsed.url).host]);
        return;
      }
      status.textContent = t('guideSubPending', [parsed.url]);
      const sub = await ask(fields);
      password.value = '';
      const { [PROFILE_KEY]: profile } = await api.storage.local.get(PROFILE_KEY);
      render(sub, profile?.role);
    })
    .catch(showError);
});

refreshButton.addEventListener('click', () => {
  status.textContent = t('guideSubRefreshing');
  ask({ type: 'guide-refresh' }).then(show, showError);
});

unsubscribeButton.addEventListener('click', () => {
  ask({ type: 'guide-unsubscribe' })
    .then(() => {
      url.value = '';
      user.value = '';
      password.value = '';
      return show();
    })
    .catch(showError);
});

// A refresh by the background's alarm, or a role changed in the profile form, shows at once.
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (SUBSCRIPTION_KEY in changes || PROFILE_KEY in changes)) show().catch(showError);
});

show().catch(showError);
