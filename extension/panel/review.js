// The studio's review section: whether the post needs an approver (and why), the review actions
// (submit, approve, send back with a comment) and the post's review trail. Every rule is the core's
// (store.review / store.reviewNeed): a refused step shows the core's message, nothing is decided here.

/** The review trail's actions, with their message keys. */
const ACTION_LABELS = { submitted: 'reviewEventSubmitted', approved: 'reviewEventApproved', 'sent-back': 'reviewEventSentBack' };

/**
 * Builds the section. `options`: `{ store, t, lang, beforeAction(), after(post), fail(error) }`:
 * `beforeAction` saves the draft first and resolves with its id (or null), `after` gets the post once a
 * step was recorded, `fail` shows an error. Returns `{ element, render(post) }`.
 */
export function reviewSection({ store, t, lang, beforeAction, after, fail }) {
  const element = document.createElement('section');
  element.className = 'review';
  element.setAttribute('aria-labelledby', 'review-title');
  const title = document.createElement('h3');
  title.id = 'review-title';
  title.textContent = t('reviewTitle');
  const need = document.createElement('p');
  need.id = 'review-need';
  need.className = 'review-need';
  need.hidden = true;
  const commentLabel = document.createElement('label');
  commentLabel.htmlFor = 'review-comment';
  commentLabel.textContent = t('reviewComment');
  const comment = document.createElement('textarea');
  comment.id = 'review-comment';
  comment.className = 'review-comment';
  comment.rows = 2;
  const actions = document.createElement('p');
  actions.className = 'actions';
  const buttons = {};
  for (const [action, key] of [['submit', 'reviewSubmit'], ['approve', 'reviewApprove'], ['send-back', 'reviewSendBack']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `review-${action}`;
    button.dataset.action = action;
    button.textContent = t(key);
    button.addEventListener('click', () => act(action));
    buttons[action] = button;
    actions.append(button);
  }
  const historyTitle = document.createElement('h4');
  historyTitle.textContent = t('reviewHistory');
  const history = document.createElement('ol');
  history.id = 'review-history';
  history.className = 'review-history';
  const empty = document.createElement('p');
  empty.className = 'muted';
  empty.textContent = t('reviewHistoryEmpty');
  element.append(title, need, commentLabel, comment, actions, historyTitle, history, empty);

  async function act(action) {
    try {
      const id = await beforeAction();
      if (!id) return;
      const post = await store.review(id, action, comment.value, undefined);
      comment.value = '';
      after(post);
    } catch (error) {
      fail(error);
    }
  }

  /** Shows `post`'s review state (null: a draft not saved yet). */
  function render(post) {
    const status = post?.status ?? 'draft';
    buttons.submit.disabled = status === 'in-review' || status === 'published';
    buttons.approve.disabled = status !== 'in-review';
    buttons['send-back'].disabled = status !== 'in-review';
    let reason = null;
    if (post) {
      try {
        const found = store.reviewNeed(post.meta.id);
        if (found.required) reason = found;
      } catch {
        /* a post another page just deleted: no need to show */
      }
    }
    need.hidden = !reason;
    need.textContent = reason ? t('reviewRequired', [reason.reason]) : '';
    need.dataset.sensitive = reason ? reason.sensitive.join('|') : '';
    const events = post?.review ?? [];
    empty.hidden = events.length > 0;
    history.replaceChildren(
      ...events.map((event) => {
        const item = document.createElement('li');
        item.dataset.action = event.action;
        const what = document.createElement('strong');
        what.textContent = t(ACTION_LABELS[event.action] ?? 'reviewEventSubmitted');
        const who = document.createElement('span');
        who.className = 'muted';
        const when = new Date(event.at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
        who.textContent = ` ${event.by || t('reviewSomeone')} · ${when}`;
        item.append(what, who);
        if (event.comment) {
          const text = document.createElement('q');
          text.className = 'review-comment-text';
          text.textContent = event.comment;
          item.append(document.createElement('br'), text);
        }
        return item;
      }),
    );
  }

  return { element, render };
}
