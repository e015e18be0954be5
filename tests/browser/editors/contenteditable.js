// YouTube's "Add a comment…" box: a bare contenteditable div (#contenteditable-root) with no editor
// library; the page reads its text from the DOM. Its undo is the browser's.
import { expose } from './common.js';

const root = document.getElementById('contenteditable-root');
const placeholder = document.getElementById('placeholder');
root.addEventListener('input', () => {
  placeholder.hidden = root.textContent !== '';
});

expose(
  {
    name: 'contenteditable',
    text: () => root.innerText.replace(/\n$/, ''),
    undo: () => {
      root.focus();
      document.execCommand('undo');
    },
  },
  () => root,
);
