// LinkedIn's "Start a post" box: a Quill editor (ql-container / ql-editor) with LinkedIn's attributes
// (role textbox, aria-multiline, aria-label, data-placeholder). The model is Quill's Delta.
import Quill from 'quill';
import 'quill/dist/quill.core.css';
import { expose } from './common.js';

const quill = new Quill('#share-box', {
  modules: { toolbar: false }, // history uses Quill's defaults (1000 ms merge delay)
  placeholder: 'What do you want to talk about?',
});
quill.root.setAttribute('role', 'textbox');
quill.root.setAttribute('aria-multiline', 'true');
quill.root.setAttribute('aria-label', 'Text editor for creating content');
quill.root.setAttribute('data-gramm', 'false');

expose(
  {
    name: 'quill',
    text: () => quill.getText().replace(/\n$/, ''),
    undo: () => quill.history.undo(),
    canUndo: () => quill.history.stack.undo.length > 0,
  },
  () => quill.root,
);
