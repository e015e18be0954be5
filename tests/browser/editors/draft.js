// X's compose box: a Draft.js editor (React 18) with the props X gives it (aria-label "Post text",
// role textbox, data-testid tweetTextarea_0, the placeholder). The model is Draft's EditorState.
import { mountDraft } from '../sites/editors/draft.js';
import { expose } from './common.js';

const box = mountDraft(document.getElementById('compose'), {
  placeholder: 'What is happening?!',
  ariaLabel: 'Post text',
  testId: 'tweetTextarea_0',
  className: 'x-compose-text',
});

expose({ name: 'draft-js', text: box.text, undo: box.undo, canUndo: box.canUndo }, () => box.element);
