// LinkedIn's "Start a post" box: a Quill editor (ql-container / ql-editor) with LinkedIn's attributes
// (role textbox, aria-multiline, aria-label, data-placeholder). The model is Quill's Delta.
import { mountQuill } from '../sites/editors/quill.js';
import { expose } from './common.js';

const box = mountQuill(document.getElementById('share-box'), {
  placeholder: 'What do you want to talk about?',
  ariaLabel: 'Text editor for creating content',
});

expose({ name: 'quill', text: box.text, undo: box.undo, canUndo: box.canUndo }, () => box.element);
