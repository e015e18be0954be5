// The drafting studio: write a post once, adapt it per network, and see for each network what the
// engine says (count ring and remaining characters, the guide's findings, the thread it would make when
// too long, hashtag suggestions, a preview in the network's look); ignore a finding on this post (kept with
// the post: every occurrence of that text under that rule); plan it (networks, pillar, campaign, time in
// an IANA zone, assignee, notes), save it to the calendar, take it through review, schedule it (a
// reminder fires then), mark it published, or delete it (after a confirmation). Rules are the core's; this module gathers the form and
// shows the answers. DOM built with createElement/textContent only.
import { postCard } from './preview.js';
import { reviewSection } from './review.js';
import { browserZone, instantToWall, isKnownZone, wallToInstant } from './zonetime.js';
import { uiLang } from '../pages/i18n.js';
import { PROFILE_KEY } from '../background/reminders.js';

/** Storage keys read here: the user's profile (options page), guide (a change), switched-off rules, history. */
const GUIDE_KEY = 'guide';
const DISABLED_KEY = 'disabledRules';
const HISTORY_KEY = 'history';
const ROLES = ['writer', 'intern', 'approver', 'admin'];

/** Networks a new draft starts with. */
const DEFAULT_NETWORKS = ['x'];
/** Most findings listed per network, and hashtag chips shown. */
const MAX_FINDINGS = 20;
const MAX_HASHTAGS = 3;
/** Share of the limit from which the ring warns (per mille), as the overlay does. */
const WARN_PERMILLAGE = 900;
const RING_LENGTH = 2 * Math.PI * 6;
const DAY_MS = 86_400_000;
/** How many days ahead best times are looked for. */
const BEST_TIME_DAYS = 7;
const SVG = 'http://www.w3.org/2000/svg';

/** A new element `tag` with `props` (className, id, textContent, type...) and `dataset` entries. */
function el(tag, props = {}, data = {}) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  Object.assign(node.dataset, data);
  return node;
}

/** A labelled field: `<label>text <control></label>`. */
function field(labelText, control) {
  const label = el('label', { className: 'field' });
  label.append(el('span', { textContent: labelText }), control);
  return label;
}

/** The count ring (track + used share), as the overlay draws it. */
function ring() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  for (const name of ['track', 'used']) {
    const circle = document.createElementNS(SVG, 'circle');
    circle.setAttribute('class', name);
    for (const [k, v] of [['cx', '8'], ['cy', '8'], ['r', '6']]) circle.setAttribute(k, v);
    svg.append(circle);
  }
  return svg;
}

/** Mounts the studio in `section`; see PanelContext in panel.js. */
export async function mount(section, { engine, store, api, t }) {
  const lang = uiLang();
  const locale = api.i18n.getUILanguage();
  const networks = engine.networks().filter((n) => n.id !== 'linkedin-comment');
  const byId = new Map(networks.map((n) => [n.id, n]));
  let disabled = [];
  let profile = null;

  /** The post being edited (null: a new draft not saved yet) and the per-network texts typed. */
  let current = null;
  const variants = new Map();
  /** Findings ignored on this post: rule id → the matched texts (saved as the post's `ignoredFindings`). */
  const ignored = new Map();

  // ---- the form ----
  const sheet = el('link', { rel: 'stylesheet', href: new URL('./studio.css', import.meta.url).href });
  document.head.append(sheet);
  section.classList.add('studio');
  const heading = el('div', { className: 'studio-head' });
  const statusBadge = el('span', { id: 'studio-status', className: 'status-badge' });
  const newButton = el('button', { type: 'button', id: 'studio-new', textContent: t('studioNew') });
  heading.append(el('h2', { textContent: t('studioTitle') }), statusBadge, newButton);

  const master = el('textarea', { id: 'studio-text', placeholder: t('panelDraftPlaceholder'), rows: 5 });
  const masterLabel = el('label', { htmlFor: 'studio-text', textContent: t('studioMasterText') });

  const networkBox = el('fieldset', { id: 'studio-networks', className: 'networks' });
  networkBox.append(el('legend', { textContent: t('studioNetworks') }));
  const networkChecks = new Map();
  for (const network of networks) {
    const box = el('input', { type: 'checkbox', value: network.id }, { network: network.id });
    networkChecks.set(network.id, box);
    const label = el('label', { className: 'network-choice' });
    label.append(box, document.createTextNode(` ${network.name}`));
    networkBox.append(label);
  }

  const cards = el('div', { id: 'studio-variants', className: 'variants' });
  const ignoredLine = el('p', { id: 'studio-ignored', className: 'muted', hidden: true });

  const pillar = el('select', { id: 'studio-pillar' });
  const campaign = el('select', { id: 'studio-campaign' });
  const when = el('input', { type: 'datetime-local', id: 'studio-when' });
  const zone = el('input', { id: 'studio-zone', value: browserZone(), spellcheck: false });
  const zones = el('datalist', { id: 'studio-zones' });
  zone.setAttribute('list', 'studio-zones');
  for (const name of Intl.supportedValuesOf?.('timeZone') ?? []) zones.append(el('option', { value: name }));
  const bestTimes = el('p', { id: 'studio-best-times', className: 'best-times' });
  const assignee = el('input', { id: 'studio-assignee', maxLength: 200 });
  const notes = el('textarea', { id: 'studio-notes', rows: 2 });
  const plan = el('fieldset', { className: 'plan-fields' });
  plan.append(
    el('legend', { textContent: t('studioPlan') }),
    field(t('studioPillar'), pillar),
    field(t('studioCampaign'), campaign),
    field(t('studioWhen'), when),
    field(t('studioZone'), zone),
    zones,
    bestTimes,
    field(t('studioAssignee'), assignee),
    field(t('studioNotes'), notes),
  );

  const actions = el('p', { className: 'actions' });
  const saveButton = el('button', { type: 'button', id: 'studio-save', textContent: t('studioSave') });
  const scheduleButton = el('button', { type: 'button', id: 'studio-schedule', textContent: t('studioSchedule') });
  const publishedButton = el('button', { type: 'button', id: 'studio-published', textContent: t('reminderMarkPublished') });
  const deleteButton = el('button', { type: 'button', id: 'studio-delete', className: 'danger', textContent: t('studioDelete') });
  actions.append(saveButton, scheduleButton, publishedButton, deleteButton);
  const confirmDelete = el('p', { id: 'studio-delete-confirm', className: 'confirm', hidden: true });
  const confirmYes = el('button', { type: 'button', id: 'studio-delete-yes', className: 'danger', textContent: t('studioDeleteYes') });
  const confirmNo = el('button', { type: 'button', id: 'studio-delete-no', textContent: t('calCancel') });
  confirmDelete.setAttribute('role', 'alertdialog');
  confirmDelete.append(el('span', { textContent: `${t('studioDeleteConfirm')} ` }), confirmYes, document.createTextNode(' '), confirmNo);
  const message = el('p', { id: 'studio-message', className: 'muted' });
  message.setAttribute('role', 'status');
  const error = el('p', { id: 'studio-error', className: 'error' });
  error.setAttribute('role', 'alert');

  const review = reviewSection({
    store, t, lang,
    beforeAction: () => save(),
    after: (post) => {
      load(post, { keepText: true });
      say(t('studioSaved'));
    },
    fail: (e) => showError(e),
  });

  section.append(heading, masterLabel, master, networkBox, cards, ignoredLine, plan, actions, confirmDelete, message, error, review.element);

  // ---- settings the studio follows: profile, guide, switched-off rules, history ----

  /** The profile as a plan actor, applied to the shared store (the calendar's moves use it too). */
  function applyProfile(record) {
    profile = record?.version === 1 && ROLES.includes(record.role) ? record : null;
    if (profile) store.setActor(String(profile.name ?? ''), profile.role);
  }

  /** The guide's sensitive words in the store (panel.js keeps the user's guide in the engine). */
  function applyGuide() {
    store.setSensitiveTerms(engine.sensitiveTerms());
  }

  const stored = await api.storage.local.get([PROFILE_KEY, DISABLED_KEY, HISTORY_KEY]);
  applyProfile(stored[PROFILE_KEY]);
  applyGuide();
  disabled = Array.isArray(stored[DISABLED_KEY]?.rules) ? stored[DISABLED_KEY].rules.filter((r) => typeof r === 'string') : [];
  if (stored[HISTORY_KEY]?.version === 1 && Array.isArray(stored[HISTORY_KEY].records)) {
    try {
      engine.setHistory(stored[HISTORY_KEY].records);
    } catch {
      /* best times fall back to the networks' general patterns */
    }
  }
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (PROFILE_KEY in changes) {
      applyProfile(changes[PROFILE_KEY].newValue);
      renderAll();
    }
    if (GUIDE_KEY in changes) {
      applyGuide();
      renderAll();
    }
    if (DISABLED_KEY in changes) {
      const rules = changes[DISABLED_KEY].newValue?.rules;
      disabled = Array.isArray(rules) ? rules.filter((r) => typeof r === 'string') : [];
      renderChecks();
    }
  });

  // ---- reading the form ----

  const selectedNetworks = () => networks.filter((n) => networkChecks.get(n.id).checked).map((n) => n.id);

  /** The text `network` gets: its own variant when adapted, else the master text. */
  const textFor = (network) => (variants.has(network) ? variants.get(network) : master.value);

  /** The post fields the form holds, or throws a user-facing error. */
  function collect() {
    const chosen = selectedNetworks();
    const own = {};
    for (const network of chosen) {
      if (variants.has(network) && variants.get(network) !== master.value) own[network] = variants.get(network);
    }
    let schedule = null;
    if (when.value) {
      const zoneName = zone.value.trim();
      if (!isKnownZone(zoneName)) throw new Error(t('studioZoneUnknown', [zoneName]));
      schedule = { at: wallToInstant(when.value, zoneName), zone: zoneName };
    }
    return {
      text: master.value,
      variants: own,
      networks: chosen,
      pillar: pillar.value || null,
      campaign: campaign.value || null,
      assignee: assignee.value.trim() || null,
      notes: notes.value,
      ignoredFindings: ignoredFindings(),
      schedule,
    };
  }

  /** The ignored findings as the post keeps them: `{ rule: [texts] }`. */
  function ignoredFindings() {
    return Object.fromEntries([...ignored].map(([rule, texts]) => [rule, [...texts]]));
  }

  // ---- showing the post ----

  function say(text) {
    message.textContent = text;
    error.textContent = '';
  }

  function showError(e) {
    error.textContent = String(e?.message ?? e);
    message.textContent = '';
  }

  function fillSelect(select, records, chosen) {
    const none = el('option', { value: '', textContent: t('studioNone') });
    select.replaceChildren(none, ...records.map((r) => el('option', { value: r.meta.id, textContent: r.name })));
    select.value = chosen && records.some((r) => r.meta.id === chosen) ? chosen : '';
  }

  /** Puts `post` (null: a new draft) in the form. `keepText`: only its state changed (status, review). */
  function load(post, { keepText = false } = {}) {
    current = post;
    if (!keepText) {
      master.value = post?.text ?? '';
      variants.clear();
      for (const [network, text] of Object.entries(post?.variants ?? {})) variants.set(network, text);
      const chosen = new Set(post?.networks?.length ? post.networks : post ? [] : DEFAULT_NETWORKS);
      for (const [id, box] of networkChecks) box.checked = chosen.has(id);
      const zoneName = post?.schedule?.zone ?? zone.value ?? browserZone();
      zone.value = zoneName;
      when.value = post?.schedule ? instantToWall(post.schedule.at, isKnownZone(zoneName) ? zoneName : 'UTC') : '';
      assignee.value = post?.assignee ?? '';
      notes.value = post?.notes ?? '';
      ignored.clear();
      for (const [rule, texts] of Object.entries(post?.ignoredFindings ?? {})) ignored.set(rule, new Set(texts));
      confirmDelete.hidden = true;
      fillSelect(pillar, store.pillars(), post?.pillar);
      fillSelect(campaign, store.campaigns(), post?.campaign);
      error.textContent = '';
      message.textContent = '';
    }
    renderAll();
  }

  function renderState() {
    const status = current?.status ?? null;
    statusBadge.textContent = status ? t('studioStatusOf', [statusLabel(status)]) : t('studioUnsaved');
    statusBadge.dataset.status = status ?? 'new';
    section.dataset.postId = current?.meta.id ?? '';
    scheduleButton.disabled = status === 'scheduled' || status === 'published';
    publishedButton.disabled = !current || status === 'published';
    deleteButton.disabled = !current;
    review.render(current);
  }

  function statusLabel(status) {
    const key = { idea: 'studioStatusIdea', draft: 'studioStatusDraft', 'in-review': 'studioStatusInReview', approved: 'studioStatusApproved', scheduled: 'studioStatusScheduled', published: 'studioStatusPublished' }[status];
    return key ? t(key) : status;
  }

  function renderAll() {
    renderState();
    renderCards();
    renderBestTimes();
  }

  /** One card per chosen network (rebuilt when the choice changes); texts and checks by renderChecks. */
  function renderCards() {
    const chosen = selectedNetworks();
    cards.replaceChildren(...chosen.map((id) => variantCard(byId.get(id))));
    renderChecks();
  }

  function variantCard(network) {
    const card = el('section', { className: 'variant' }, { network: network.id });
    const head = el('header');
    const counter = el('span', { className: 'count' });
    const remaining = el('span', { className: 'remaining' });
    head.append(el('h3', { textContent: network.name }), ring(), counter, remaining);
    const adapt = el('input', { type: 'checkbox', className: 'adapt', checked: variants.has(network.id) });
    const adaptLabel = el('label', { className: 'adapt-label' });
    adaptLabel.append(adapt, document.createTextNode(` ${t('studioAdapt', [network.name])}`));
    const own = el('textarea', { className: 'variant-text', rows: 3, hidden: !variants.has(network.id), value: textFor(network.id) });
    own.setAttribute('aria-label', t('studioVariantText', [network.name]));
    adapt.addEventListener('change', () => {
      if (adapt.checked) variants.set(network.id, master.value);
      else variants.delete(network.id);
      own.hidden = !adapt.checked;
      own.value = textFor(network.id);
      scheduleChecks();
    });
    own.addEventListener('input', () => {
      variants.set(network.id, own.value);
      scheduleChecks();
    });
    const findings = el('ul', { className: 'findings' });
    const thread = el('ol', { className: 'thread', hidden: true });
    const threadTitle = el('h4', { className: 'thread-title', hidden: true });
    const hashtags = el('p', { className: 'hashtags' });
    const preview = el('div', { className: 'preview-box' });
    card.append(head, adaptLabel, own, findings, threadTitle, thread, hashtags, preview);
    return card;
  }

  let checkTimer = null;
  function scheduleChecks() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(renderChecks, 80);
  }

  /** Counts, findings, thread, hashtags and preview of every card, from the texts as typed. */
  function renderChecks() {
    clearTimeout(checkTimer);
    const count = [...ignored.values()].reduce((sum, texts) => sum + texts.size, 0);
    ignoredLine.hidden = count === 0;
    if (count) {
      const again = el('button', { type: 'button', id: 'studio-unignore', className: 'link', textContent: t('studioIgnoredShow') });
      again.addEventListener('click', () => {
        ignored.clear();
        renderChecks();
      });
      ignoredLine.replaceChildren(document.createTextNode(`${t('studioIgnoredCount', [String(count)])} `), again);
    }
    for (const card of cards.querySelectorAll('.variant')) {
      try {
        renderCheck(card, byId.get(card.dataset.network));
      } catch (e) {
        card.querySelector('.findings').replaceChildren(el('li', { className: 'error', textContent: String(e?.message ?? e) }));
      }
    }
  }

  function renderCheck(card, network) {
    const text = textFor(network.id);
    const own = card.querySelector('.variant-text');
    if (own.hidden) own.value = text;
    const count = engine.count(text, network.id);
    const state = !count.valid && count.length > 0 ? 'over' : count.permillage >= WARN_PERMILLAGE ? 'warn' : 'ok';
    Object.assign(card.dataset, { length: count.length, limit: count.limit, remaining: count.remaining, state });
    card.querySelector('.count').textContent = `${count.length} / ${count.limit}`;
    card.querySelector('.remaining').textContent = t('studioRemaining', [String(count.remaining)]);
    const share = Math.min(1, Math.max(0, count.permillage / 1000));
    card.querySelector('.ring .used').setAttribute('stroke-dasharray', `${share * RING_LENGTH} ${RING_LENGTH}`);

    const findings = text.trim() === '' ? [] : engine.check(text, { network: network.id, lang, disabled, ignored_texts: ignoredFindings() });
    card.querySelector('.findings').replaceChildren(
      ...findings.slice(0, MAX_FINDINGS).map((f) => {
        const item = el('li', { className: 'finding' }, { rule: f.rule, level: f.level });
        item.append(el('span', { className: 'finding-message', textContent: f.message }));
        if (f.replacements?.length) item.title = f.replacements.slice(0, 3).join(' · ');
        const matched = text.slice(f.span.start, f.span.end);
        const ignore = el('button', { type: 'button', className: 'finding-ignore link', textContent: t('studioIgnore') });
        ignore.setAttribute('aria-label', t('studioIgnoreLabel', [matched]));
        ignore.addEventListener('click', () => ignoreFinding(f.rule, matched));
        item.append(document.createTextNode(' '), ignore);
        return item;
      }),
    );

    const thread = card.querySelector('.thread');
    const threadTitle = card.querySelector('.thread-title');
    let parts = [];
    if (!count.valid && count.length > 0 && network.supports_threads) {
      try {
        parts = engine.split(text, network.id);
      } catch (e) {
        threadTitle.textContent = String(e?.message ?? e);
      }
    }
    thread.hidden = parts.length === 0;
    threadTitle.hidden = parts.length === 0 && !(!count.valid && network.supports_threads);
    if (parts.length) threadTitle.textContent = t('studioThread', [String(parts.length)]);
    else if (!count.valid && count.length > 0 && !network.supports_threads) {
      threadTitle.hidden = false;
      threadTitle.textContent = t('studioNoThread', [network.name]);
    }
    thread.replaceChildren(
      ...parts.map((part) => {
        const item = el('li', { className: 'part' }, { index: part.index, length: part.count.length });
        item.append(el('span', { className: 'part-text', textContent: part.text }), el('span', { className: 'muted part-count', textContent: ` ${part.count.length} / ${part.count.limit}` }));
        return item;
      }),
    );

    const hashtags = card.querySelector('.hashtags');
    const suggested = text.trim() === '' ? [] : (engine.suggestHashtags(text, network.id, { lang }).suggestions ?? []).slice(0, MAX_HASHTAGS);
    hashtags.replaceChildren(
      ...suggested.map((s) => {
        const chip = el('button', { type: 'button', className: 'hashtag', textContent: s.text, title: s.reasons.join(' · ') }, { tag: s.tag });
        chip.setAttribute('aria-label', t('studioAddHashtag', [s.text]));
        chip.addEventListener('click', () => addHashtag(network.id, s.tag));
        return chip;
      }),
    );

    const author = authorName();
    card.querySelector('.preview-box').replaceChildren(
      postCard(network, { name: author, handle: author.toLowerCase().replace(/[^a-z0-9_]/g, '') || 'porte_voix' }, text, engine.entities(text), count),
    );
  }

  function authorName() {
    const name = String(profile?.name ?? '').trim();
    if (name) return name;
    try {
      return engine.guideBrand() || 'Porte-voix';
    } catch {
      return 'Porte-voix';
    }
  }

  /** Leaves `matched` out of `rule`'s findings on this post (kept when the post is saved). */
  function ignoreFinding(rule, matched) {
    if (!ignored.has(rule)) ignored.set(rule, new Set());
    ignored.get(rule).add(matched);
    renderChecks();
    master.focus();
  }

  /** Adds `tag` where the engine says to: in the network's own text if adapted, else the master text. */
  function addHashtag(network, tag) {
    const text = textFor(network);
    const { offset, text: insert } = engine.hashtagInsertion(text, tag);
    const next = text.slice(0, offset) + insert + text.slice(offset);
    if (variants.has(network)) {
      variants.set(network, next);
      const own = cards.querySelector(`.variant[data-network="${network}"] .variant-text`);
      if (own) own.value = next;
    } else {
      master.value = next;
    }
    renderChecks();
  }

  /** The next best times for the first chosen network, in the chosen zone; a click sets the time. */
  /** Which best-times request is the latest: an older answer arriving late is dropped. */
  let bestTimesAsked = 0;

  async function renderBestTimes() {
    const asked = ++bestTimesAsked;
    const network = selectedNetworks()[0];
    const zoneName = zone.value.trim();
    bestTimes.replaceChildren();
    if (!network || !isKnownZone(zoneName)) return;
    let slots = [];
    try {
      // Posts already on the calendar for this network in the week ahead (this one aside) keep
      // the guide's (or the network's) spacing and posts per day.
      const now = new Date();
      const ahead = { from: new Date(now.getTime() - DAY_MS).toISOString(), to: new Date(now.getTime() + BEST_TIME_DAYS * DAY_MS).toISOString(), networks: [network] };
      const planned = store.query(ahead).scheduled.filter((p) => p.meta.id !== current?.meta.id).map((p) => p.schedule.at);
      slots = (await engine.bestTimes({ network, tz: zoneName, now: now.toISOString(), top: 3, days: BEST_TIME_DAYS, planned })).slots ?? [];
    } catch {
      return;
    }
    if (asked !== bestTimesAsked || !slots.length) return;
    bestTimes.append(el('span', { className: 'muted', textContent: `${t('studioBestTimes', [byId.get(network).name])} ` }));
    for (const slot of slots) {
      const label = new Date(slot.start).toLocaleString(locale, { timeZone: zoneName, weekday: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      const button = el('button', { type: 'button', className: 'best-time', textContent: `⏱ ${label}`, title: slot.reasons.join(' · ') }, { start: slot.start });
      button.addEventListener('click', () => {
        when.value = instantToWall(slot.start, zoneName);
      });
      bestTimes.append(button);
    }
  }

  // ---- saving and moving the post ----

  /** Saves the form (creating the post the first time); resolves with its id, or null on an error shown. */
  async function save() {
    try {
      const fields = collect();
      const post = current ? await store.updatePost(current.meta.id, fields) : await store.createPost(fields);
      current = post;
      renderState();
      say(t('studioSaved'));
      return post.meta.id;
    } catch (e) {
      showError(e);
      return null;
    }
  }

  /** Saves, then moves the post to `status` through the core's review rules. */
  async function moveTo(status, done) {
    const id = await save();
    if (!id) return;
    try {
      current = await store.setStatus(id, status, '', undefined);
      renderState();
      say(done);
    } catch (e) {
      renderState();
      showError(e);
    }
  }

  master.addEventListener('input', scheduleChecks);
  networkBox.addEventListener('change', () => {
    renderCards();
    renderBestTimes();
  });
  zone.addEventListener('change', renderBestTimes);
  newButton.addEventListener('click', () => load(null));
  saveButton.addEventListener('click', () => save());
  scheduleButton.addEventListener('click', () => moveTo('scheduled', t('studioScheduled')));
  publishedButton.addEventListener('click', () => moveTo('published', t('studioMarkedPublished')));
  deleteButton.addEventListener('click', () => {
    confirmDelete.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirmDelete.hidden = true;
    deleteButton.focus();
  });
  confirmYes.addEventListener('click', async () => {
    if (!current) return;
    try {
      await store.deletePost(current.meta.id);
      load(null);
      say(t('studioDeleted'));
    } catch (e) {
      confirmDelete.hidden = true;
      showError(e);
    }
  });

  // Another page (the calendar, the background, a sync) changed the post on screen.
  store.subscribe(({ key, value }) => {
    if (!current || key !== `plan.post.${current.meta.id}`) return;
    if (value === undefined || value.meta?.deleted) {
      load(null);
      say(t('studioDeletedElsewhere'));
    } else {
      current = value;
      renderState();
    }
  });

  load(null);

  return {
    /** `{ postId }`: opens that post; without one, the studio keeps the draft on screen. */
    shown(options = {}) {
      if (!options.postId) return;
      let post;
      try {
        post = store.get(options.postId);
      } catch {
        post = undefined;
      }
      if (post && !post.meta.deleted) load(post);
      else showError(t('studioNotFound', [options.postId]));
    },
  };
}
