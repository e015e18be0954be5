// Facebook's "Create post" box (also Instagram's and Threads'): a Lexical editor with the plain-text
// behaviour and the history, on a contenteditable div like Facebook's (role textbox, aria-label,
// aria-placeholder, a sibling placeholder). The model is Lexical's EditorState.
import { mountLexical } from '../sites/editors/lexical.js';
import { expose } from './common.js';

const box = mountLexical(document.getElementById('composer-wrapper'), {
  namespace: 'fb-composer',
  ariaLabel: "What's on your mind, Camille?",
  placeholder: "What's on your mind, Camille?",
  className: 'fb-editor notranslate',
  paragraphClass: 'fb-paragraph',
  placeholderClass: 'fb-placeholder',
  attrs: { id: 'composer' },
});

expose({ name: 'lexical', text: box.text, undo: box.undo, canUndo: box.canUndo }, () => box.element);
