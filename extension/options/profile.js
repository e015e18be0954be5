// The options page's profile section: who the user is in the review flow (name and role) and their
// Mastodon instance (where reminders open the compose page). Stored in storage.local as
// `profile` = `{ version: 1, name, role, mastodonInstance }`, read by the side panel and the background.
import { localise, t } from '../pages/i18n.js';
import { PROFILE_KEY } from '../background/reminders.js';

const api = globalThis.browser ?? globalThis.chrome;
const ROLES = ['writer', 'intern', 'approver', 'admin'];

const form = document.getElementById('profile');
const name = document.getElementById('profile-name');
const role = document.getElementById('profile-role');
const mastodon = document.getElementById('profile-mastodon');
const status = document.getElementById('profile-status');
localise(form);

/** The instance host typed (scheme and path dropped), or '' when it is not a host name. */
function instanceHost(value) {
  const host = value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(host) && host.includes('.') ? host : '';
}

async function load() {
  const { [PROFILE_KEY]: profile } = await api.storage.local.get(PROFILE_KEY);
  if (profile?.version !== 1) return;
  name.value = String(profile.name ?? '');
  role.value = ROLES.includes(profile.role) ? profile.role : 'writer';
  mastodon.value = String(profile.mastodonInstance ?? '');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const host = instanceHost(mastodon.value);
  if (mastodon.value.trim() !== '' && !host) {
    status.textContent = t('reminderMastodonInvalid');
    return;
  }
  await api.storage.local.set({ [PROFILE_KEY]: { version: 1, name: name.value.trim(), role: role.value, mastodonInstance: host } });
  status.textContent = t('reviewProfileSaved');
});

load().catch((error) => {
  status.textContent = String(error?.message ?? error);
});
