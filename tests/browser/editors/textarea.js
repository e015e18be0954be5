// Mastodon's compose form: a React-controlled <textarea> (class autosuggest-textarea__textarea), whose
// model is the React state, updated from onChange. A write to `value` behind React's back would leave the
// state stale; an edit through the input path (insertText) goes through onChange like typing.
import { mountTextarea } from '../sites/editors/textarea.js';
import { expose } from './common.js';

const box = mountTextarea(document.getElementById('compose-label'), {
  label: "What's on your mind?",
  attrs: {
    class: 'autosuggest-textarea__textarea',
    placeholder: "What's on your mind?",
    'aria-label': "What's on your mind?",
    lang: 'fr',
    spellcheck: true,
  },
});

// Mastodon has no history of its own: the undo is the textarea's native one.
expose({ name: 'textarea', text: box.text, undo: box.undo }, () => box.element);
