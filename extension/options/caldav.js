// The options page's "Team calendar (CalDAV)" section: the server address, user name and password (kept
// in storage.local as `caldav.settings`, never in storage.sync), "Connect" (asks the browser for access to
// that server's origin only, at that moment, then saves and syncs), "Sync now", "Disconnect" (shown while
// set up: forgets the password, stops the sync, gives the server's access back), and the last run's status
// and report as the background saved them (`caldav.status`, followed live). The sync itself runs in the
// background (background/caldav.js).
import { ask } from '../pages/ask.js';
import { localise, t, uiLang } from '../pages/i18n.js';
import { checkServer, SETTINGS_KEY, STATUS_KEY } from '../background/caldav.js';

const api = globalThis.browser ?? globalThis.chrome;
const lang = uiLang();

const form = document.getElementById('caldav');
const server = document.getElementById('caldav-server');
const user = document.getElementById('caldav-user');
const password = document.getElementById('caldav-password');
const statusLine = document.getElementById('caldav-status');
const details = document.getElementById('caldav-details');
const disconnect = document.getElementById('caldav-disconnect');
localise(form);

/** The message for an address `checkServer` refused. */
const ADDRESS_MESSAGES = { empty: 'caldavAddressEmpty', 'not-url': 'caldavAddressNotUrl', scheme: 'caldavAddressScheme', credentials: 'caldavAddressCredentials', insecure: 'caldavAddressInsecure' };

const when = (iso) => new Date(iso).toLocaleString(api.i18n.getUILanguage());

/** The localised message of a run's failure (`CaldavFailure`, or the background's own `permission`, `not-configured`, `internal`). */
export function failureMessage(error) {
  const url = error.url ?? '';
  switch (error.error) {
    case 'unauthorized':
      return t('caldavErrUnauthorized', [url]);
    case 'forbidden':
      return t('caldavErrForbidden', [url]);
    case 'not-found':
      return t('caldavErrNotFound', [url]);
    case 'not-caldav':
      return t('caldavErrNotCaldav', [url, String(error.detail ?? '')]);
    case 'no-calendar':
      return error.found?.length ? t('caldavErrSeveralCalendars', [error.found.join(', ')]) : t('caldavErrNoCalendar', [url]);
    case 'server':
      return t('caldavErrServer', [url, String(error.status)]);
    case 'network':
      return t('caldavErrNetwork', [url, String(error.detail ?? '')]);
    case 'bad-url':
      return t('caldavErrBadUrl', [url, String((lang === 'fr' ? error.reason_fr : error.reason_en) ?? '')]);
    case 'permission':
      return t('caldavErrPermission', [url]);
    case 'not-configured':
      return t('caldavErrNotConfigured');
    case 'internal':
      return t('caldavErrInternal', [String(error.detail ?? '')]);
    default: // unexpected, bad-xml
      return t('caldavErrUnexpected', [url, error.status ? `${error.method ?? ''} HTTP ${error.status}`.trim() : String(error.detail ?? '')]);
  }
}

/** The status line and the report's details, as list items' texts. */
export function describe(status) {
  if (!status) return { line: t('caldavNever'), lines: [] };
  if (status.disconnected) {
    const lines = [t('caldavDisconnectedKept')];
    if (status.disconnected.released) lines.push(t('caldavDisconnectedReleased'));
    return { line: t('caldavDisconnected', [status.server, when(status.at)]), lines };
  }
  const report = status.report;
  const lines = [];
  if (status.error) lines.push(failureMessage(status.error));
  if (report?.conflicts?.length) lines.push(t('caldavConflicts', [String(report.conflicts.length)]));
  if (report?.notScheduled?.length) lines.push(t('caldavNotScheduled', [String(report.notScheduled.length)]));
  if (report?.unreadable?.length) lines.push(t('caldavUnreadable', [String(report.unreadable.length)]));
  if (report?.queued) lines.push(t('caldavQueued', [String(report.queued)]));
  if (status.retry?.nextAttempt) lines.push(t('caldavRetryAt', [when(status.retry.nextAttempt)]));
  const line = status.ok
    ? t('caldavDone', [when(status.at), status.calendar ?? report?.calendar ?? status.server, String(report.received), String(report.sent), String(report.deletedHere + report.deletedThere)])
    : t('caldavFailed', [when(status.at)]);
  return { line, lines };
}

/** Set once something newer than the stored status is shown (a run's answer, a change in storage). */
let newer = false;

/** Shows a failure of this page's own request (no answer, an exception in the background). */
function showFailure(error) {
  show({ ok: false, at: new Date().toISOString(), error: { error: 'internal', detail: String(error?.message ?? error) } });
}

function show(status) {
  newer = true;
  const { line, lines } = describe(status);
  statusLine.textContent = line;
  statusLine.dataset.state = status ? (status.ok ? 'ok' : status.disconnected ? 'disconnected' : status.error?.error ?? 'failed') : 'never';
  details.replaceChildren(
    ...lines.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

/** Asks the background to sync now; the status comes back (and through storage.onChanged). */
async function syncNow() {
  statusLine.textContent = t('caldavRunning');
  statusLine.dataset.state = 'running';
  try {
    show(await ask({ type: 'caldav-sync' }));
  } catch (error) {
    showFailure(error);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const checked = checkServer(server.value);
  if (!checked.ok) {
    statusLine.textContent = t(ADDRESS_MESSAGES[checked.reason], [server.value.trim()]);
    statusLine.dataset.state = 'bad-address';
    details.replaceChildren();
    return;
  }
  // Asked first, while the click still counts as the user's gesture (browsers refuse it later).
  const asked = api.permissions.request({ origins: [checked.pattern] });
  const settings = { version: 1, server: server.value.trim(), user: user.value.trim(), password: password.value };
  (async () => {
    if (!(await asked)) {
      statusLine.textContent = t('caldavPermissionRefused', [checked.origin]);
      statusLine.dataset.state = 'permission-refused';
      return;
    }
    await api.storage.local.set({ [SETTINGS_KEY]: settings });
    await syncNow();
  })().catch(showFailure);
});

document.getElementById('caldav-sync').addEventListener('click', () => syncNow());

disconnect.addEventListener('click', async () => {
  try {
    const status = await ask({ type: 'caldav-disconnect' });
    password.value = '';
    show(status);
  } catch (error) {
    showFailure(error);
  }
});

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (STATUS_KEY in changes) show(changes[STATUS_KEY].newValue ?? null);
  if (SETTINGS_KEY in changes) disconnect.hidden = !changes[SETTINGS_KEY].newValue;
});

async function load() {
  const { [SETTINGS_KEY]: settings, [STATUS_KEY]: status } = await api.storage.local.get([SETTINGS_KEY, STATUS_KEY]);
  // What the user typed or saw meanwhile wins over what was stored when the page opened.
  if (settings?.version === 1 && !server.value && !user.value && !password.value) {
    server.value = String(settings.server ?? '');
    user.value = String(settings.user ?? '');
    password.value = String(settings.password ?? '');
  }
  disconnect.hidden = !settings;
  if (!newer) show(status ?? null);
  form.dataset.loaded = 'true';
}

load().catch((error) => {
  statusLine.textContent = String(error?.message ?? error);
});
