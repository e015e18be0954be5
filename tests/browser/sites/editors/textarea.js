// A React-controlled <textarea>, as Mastodon's compose form and Instagram's comment boxes: the model
// is the React state, updated from onChange. A write to `value` behind React's back would leave the
// state stale; an edit through the input path (typing, insertText) goes through onChange.
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

const h = React.createElement;
/** HTML attribute names whose React prop is spelled differently. */
const PROPS = { class: 'className', spellcheck: 'spellCheck', autocomplete: 'autoComplete', autocorrect: 'autoCorrect', tabindex: 'tabIndex', maxlength: 'maxLength', readonly: 'readOnly' };

/**
 * Mounts a controlled textarea in `container` (its own React root), after a visually hidden `label`
 * span when given. Options: `label`, `labelClass`, `attrs` (HTML attributes of the textarea), `value`
 * (initial text). Returns the box handle `{ editor, element, text(), undo(), focus(), setText(value),
 * destroy() }`; `setText` changes the state as the site's own code does (Mastodon's reply mention).
 * There is no canUndo: the history is the browser's.
 */
export function mountTextarea(container, { label, labelClass = 'visually-hidden', attrs = {}, value = '' } = {}) {
  let current = value;
  let setValue = () => {};
  const props = Object.fromEntries(Object.entries(attrs).map(([name, v]) => [PROPS[name] ?? name, v]));

  function ControlledTextarea() {
    const [text, setText] = React.useState(current);
    current = text;
    setValue = (next) => {
      current = next;
      setText(next);
    };
    return h(
      React.Fragment,
      null,
      label ? h('span', { className: labelClass }, label) : null,
      h('textarea', { ...props, value: text, onChange: (e) => setValue(e.target.value) }),
    );
  }

  const root = createRoot(container);
  flushSync(() => root.render(h(ControlledTextarea)));
  const element = container.querySelector('textarea');
  return {
    editor: 'textarea',
    element,
    text: () => current,
    undo: () => {
      element.focus();
      document.execCommand('undo');
    },
    focus: () => element.focus(),
    setText: (next) => flushSync(() => setValue(next)),
    destroy: () => root.unmount(),
  };
}
