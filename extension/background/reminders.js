// Reminders: one alarm per scheduled post, at its time; when it fires, a notification that opens the
// network's compose page with the draft ready, and from which the post can be marked published.
//
// Alarms follow the calendar as storage holds it: read from the `plan.post.*` items at start-up, then
// kept in step by `storage.onChanged` (a post rescheduled, unscheduled, published or deleted from the
// side panel, another page or a sync), so nothing here needs the engine. Only posts whose status is
// `scheduled` get a reminder (the core's meaning of that status), and only for a time still ahead.
//
// Browser differences: Chrome shows two notification buttons (open, mark published); Firefox shows
// none (it supports only basic title/message/icon notifications), so there the click opens the compose
// page and "mark published" is in the studio. Chrome keeps alarms across restarts, Firefox does not
// (bugzilla 1995451): start-up re-creates them from storage either way, and shows once, on the next
// start, a reminder whose time passed while the browser was closed (up to 12 hours late).

/** Alarm and notification names: `post:<id>`. */
const NAME_PREFIX = 'post:';
const POST_KEY_PREFIX = 'plan.post.';
/** The user's profile (name, role, Mastodon instance), set on the options page. */
export const PROFILE_KEY = 'profile';
/** Drafts waiting for a compose box in a tab opened by a reminder (networks without an intent URL). */
const FILL_PREFIX = 'reminder.fill.';
/** Reminders already shown: `{ version: 1, shown: { postId: the time (ms) it was for } }`, in storage.local. */
const SHOWN_KEY = 'reminders';
/** How late a reminder is still worth showing when the browser was closed at its time. */
export const CATCH_UP_MS = 12 * 60 * 60 * 1000;

/** Where each network's compose page is; `intent(text)` where a share URL takes the text. */
const COMPOSE = {
  x: { intent: (text) => `https://x.com/intent/post?text=${encodeURIComponent(text)}` },
  bluesky: { intent: (text) => `https://bsky.app/intent/compose?text=${encodeURIComponent(text)}` },
  threads: { intent: (text) => `https://www.threads.com/intent/post?text=${encodeURIComponent(text)}` },
  mastodon: { intent: (text, profile) => `https://${mastodonInstance(profile)}/share?text=${encodeURIComponent(text)}` },
  linkedin: { home: 'https://www.linkedin.com/feed/' },
  facebook: { home: 'https://www.facebook.com/' },
  instagram: { home: 'https://www.instagram.com/' },
  youtube: { home: 'https://www.youtube.com/' },
  tiktok: { home: 'https://www.tiktok.com/' },
};

/** The user's Mastodon instance host (profile), else mastodon.social. */
function mastodonInstance(profile) {
  const host = typeof profile?.mastodonInstance === 'string' ? profile.mastodonInstance.trim().toLowerCase() : '';
  return /^[a-z0-9.-]{1,253}$/.test(host) && host.includes('.') ? host : 'mastodon.social';
}

/**
 * The page to open for `network` with `text` ready: `{ url, fill }` where `fill` says the content script
 * must type the text into the compose box (no share URL takes it).
 */
export function composeTarget(network, text, profile) {
  const entry = COMPOSE[network];
  if (entry?.intent) return { url: entry.intent(text, profile), fill: false };
  return { url: entry?.home ?? 'https://x.com/', fill: Boolean(entry?.home) };
}

/** The text a post goes out with on `network`: its variant there, else the master text. */
export function textFor(post, network) {
  const variant = post?.variants?.[network];
  return typeof variant === 'string' && variant.trim() !== '' ? variant : String(post?.text ?? '');
}

/** The instant (ms) a stored post's reminder fires at, or null when it gets none. */
export function reminderTime(post) {
  if (!post || typeof post !== 'object' || post.meta?.deleted || post.status !== 'scheduled') return null;
  const at = Date.parse(post.schedule?.at);
  return Number.isFinite(at) ? at : null;
}

/**
 * The posts whose time passed while no alarm could fire (the browser was closed; Firefox also forgets
 * alarms on restart) and whose reminder was not shown: `[id]`. `posts`: id → stored post; `shown`: id →
 * the time a reminder was shown for; only times within `CATCH_UP_MS` before `now` count.
 */
export function missedReminders(posts, shown, now) {
  const missed = [];
  for (const [id, post] of posts) {
    const at = reminderTime(post);
    if (at !== null && at <= now && at > now - CATCH_UP_MS && shown?.[id] !== at) missed.push(id);
  }
  return missed;
}

/**
 * Starts the reminders: `{ api, t, markPublished(id) }` where `t` localises a message key and
 * `markPublished` moves post `id` to published through the calendar (the review rules apply).
 * Returns the test hooks used by the background's page-only messages.
 */
export function startReminders({ api, t, markPublished }) {
  const isFirefox = typeof api.runtime.getBrowserInfo === 'function';

  async function readPost(id) {
    const key = POST_KEY_PREFIX + id;
    const { [key]: post } = await api.storage.local.get(key);
    return post;
  }

  /** Sets (or clears) post `id`'s alarm from its stored record. */
  async function follow(id, post) {
    const at = reminderTime(post);
    const name = NAME_PREFIX + id;
    if (at === null || at <= Date.now()) {
      await api.alarms.clear(name);
      if (post?.status === 'published' || post?.meta?.deleted || post === undefined) await api.notifications.clear(name);
      return;
    }
    const current = await api.alarms.get(name);
    if (current?.scheduledTime !== at) api.alarms.create(name, { when: at });
  }

  /** Every alarm in step with storage (start-up: Firefox forgets alarms on restart). */
  async function resync() {
    const all = await api.storage.local.get(null);
    const posts = new Map(
      Object.entries(all).filter(([key]) => key.startsWith(POST_KEY_PREFIX)).map(([key, post]) => [key.slice(POST_KEY_PREFIX.length), post]),
    );
    for (const alarm of await api.alarms.getAll()) {
      if (alarm.name.startsWith(NAME_PREFIX) && !posts.has(alarm.name.slice(NAME_PREFIX.length))) await api.alarms.clear(alarm.name);
    }
    for (const [id, post] of posts) await follow(id, post);
    const shown = all[SHOWN_KEY]?.version === 1 ? all[SHOWN_KEY].shown : {};
    for (const id of missedReminders(posts, shown, Date.now())) await notify(id);
  }

  /** Notes that post `id`'s reminder for time `at` was shown (entries past the catch-up window dropped). */
  async function noteShown(id, at) {
    const { [SHOWN_KEY]: record } = await api.storage.local.get(SHOWN_KEY);
    const now = Date.now();
    const shown = Object.fromEntries(
      Object.entries(record?.version === 1 ? record.shown ?? {} : {}).filter(([, time]) => Number.isFinite(time) && time > now - 2 * CATCH_UP_MS),
    );
    shown[id] = at;
    await api.storage.local.set({ [SHOWN_KEY]: { version: 1, shown } });
  }

  /** Shows post `id`'s reminder, if it is still scheduled. */
  async function notify(id) {
    const post = await readPost(id);
    if (post?.status !== 'scheduled' || post.meta?.deleted) return false;
    const network = post.networks?.[0] ?? 'x';
    const text = textFor(post, network);
    const options = {
      type: 'basic',
      iconUrl: api.runtime.getURL('icons/icon-128.png'),
      title: t('reminderTitle', [post.networks?.join(', ') || network]),
      message: text.length > 180 ? `${text.slice(0, 179)}…` : text,
    };
    if (!isFirefox) options.buttons = [{ title: t('reminderOpen') }, { title: t('reminderMarkPublished') }];
    await api.notifications.create(NAME_PREFIX + id, options);
    const at = reminderTime(post);
    if (at !== null) await noteShown(id, at);
    return true;
  }

  /** Opens the compose page of post `id`'s first network with its text; returns the URL opened. */
  async function openCompose(id) {
    const post = await readPost(id);
    if (!post) return null;
    const network = post.networks?.[0] ?? 'x';
    const text = textFor(post, network);
    const { [PROFILE_KEY]: profile } = await api.storage.local.get(PROFILE_KEY);
    const { url, fill } = composeTarget(network, text, profile);
    const tab = await api.tabs.create({ url });
    if (fill && tab?.id !== undefined) await api.storage.session.set({ [FILL_PREFIX + tab.id]: { network, text } });
    await api.notifications.clear(NAME_PREFIX + id);
    return url;
  }

  /** What a reminder's click (button 0 or the body) or "mark published" (button 1) does. */
  async function clicked(id, button) {
    if (button === 1) {
      await markPublished(id);
      await api.notifications.clear(NAME_PREFIX + id);
      return null;
    }
    return openCompose(id);
  }

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name.startsWith(NAME_PREFIX)) notify(alarm.name.slice(NAME_PREFIX.length)).catch((error) => console.warn('Porte-voix: reminder failed', error));
  });
  api.notifications.onClicked.addListener((name) => {
    if (name.startsWith(NAME_PREFIX)) clicked(name.slice(NAME_PREFIX.length), -1).catch((error) => console.warn('Porte-voix: reminder click failed', error));
  });
  api.notifications.onButtonClicked?.addListener((name, button) => {
    if (name.startsWith(NAME_PREFIX)) clicked(name.slice(NAME_PREFIX.length), button).catch((error) => console.warn('Porte-voix: reminder button failed', error));
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (key.startsWith(POST_KEY_PREFIX)) follow(key.slice(POST_KEY_PREFIX.length), newValue).catch(() => {});
    }
  });
  // Alarms outlive the worker (Chrome) but not the browser (Firefox), and storage.onChanged wakes the worker for
  // every change: the whole calendar is read again only when the browser starts or the extension is installed
  // or updated, not on every wake-up, where it would delay the first count.
  const resyncLogged = () => resync().catch((error) => console.warn('Porte-voix: reminders could not be set', error));
  api.runtime.onStartup.addListener(resyncLogged);
  api.runtime.onInstalled.addListener(resyncLogged);

  return {
    /** Fires post `id`'s reminder in `ms` milliseconds instead of at its time (tests; extension pages only). */
    async soon(id, ms) {
      const post = await readPost(id);
      if (reminderTime(post) === null) throw new Error(`post ${id} is not scheduled: schedule it first`);
      api.alarms.create(NAME_PREFIX + id, { when: Date.now() + ms });
      return { name: NAME_PREFIX + id };
    },
    /** Acts as a click on post `id`'s notification (`button` 1: mark published); resolves with the URL opened. */
    click: (id, button) => clicked(id, button ?? -1),
    /** The draft a reminder left for `tabId`'s compose box (taken once), or null. */
    async takeFill(tabId) {
      const key = FILL_PREFIX + tabId;
      const { [key]: fill } = await api.storage.session.get(key);
      if (fill) await api.storage.session.remove(key);
      return fill ?? null;
    },
  };
}
