// Mastodon's compose form: a React-controlled <textarea> (class autosuggest-textarea__textarea), whose
// model is the React state, updated from onChange. A write to `value` behind React's back would leave the
// state stale; an edit through the input path (insertText) goes through onChange like typing.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { expose } from './common.js';

const h = React.createElement;
let current = '';

function ComposeForm() {
  const [text, setText] = React.useState('');
  current = text;
  return h(
    'div',
    { className: 'compose-form__highlightable' },
    h(
      'div',
      { className: 'autosuggest-textarea' },
      h(
        'label',
        null,
        h('span', { className: 'visually-hidden' }, "What's on your mind?"),
        h('textarea', {
          className: 'autosuggest-textarea__textarea',
          placeholder: "What's on your mind?",
          'aria-label': "What's on your mind?",
          lang: 'fr',
          spellCheck: true,
          value: text,
          onChange: (e) => {
            current = e.target.value;
            setText(e.target.value);
          },
        }),
      ),
    ),
  );
}

createRoot(document.getElementById('compose-form')).render(h(ComposeForm));

expose(
  {
    name: 'textarea',
    text: () => current,
    // Mastodon has no history of its own: the textarea's native undo
    undo: () => {
      document.querySelector('.autosuggest-textarea__textarea').focus();
      document.execCommand('undo');
    },
  },
  () => document.querySelector('.autosuggest-textarea__textarea'),
);
