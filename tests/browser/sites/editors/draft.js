// Draft.js (React 18), as X renders its compose and reply boxes. The model is Draft's EditorState.
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { setAttributes } from '../dom.js';

const h = React.createElement;

/**
 * Mounts a Draft.js editor in `container` (its own React root). Options: `placeholder`, `ariaLabel`,
 * `testId` (Draft's webDriverTestID, which becomes the content element's data-testid), `className` (of
 * the wrapper React renders around the editor), `attrs` (more attributes on the content element).
 * Returns the box handle `{ editor, element, text(), undo(), canUndo(), focus(), destroy() }`.
 */
export function mountDraft(container, { placeholder = '', ariaLabel, testId, className, attrs } = {}) {
  let state = EditorState.createEmpty();
  let setState = () => {};
  const editorRef = React.createRef();

  function DraftBox() {
    const [editorState, setEditorState] = React.useState(state);
    state = editorState;
    setState = (next) => {
      state = next;
      setEditorState(next);
    };
    return h(
      'div',
      { className },
      h(Editor, {
        ref: editorRef,
        editorState,
        onChange: (next) => setState(next),
        placeholder,
        ariaLabel,
        ariaMultiline: true,
        role: 'textbox',
        spellCheck: true,
        webDriverTestID: testId,
      }),
    );
  }

  const root = createRoot(container);
  flushSync(() => root.render(h(DraftBox)));
  const element = container.querySelector('.public-DraftEditor-content');
  setAttributes(element, attrs);
  return {
    editor: 'draft-js',
    element,
    text: () => state.getCurrentContent().getPlainText('\n'),
    undo: () => flushSync(() => setState(EditorState.undo(state))),
    canUndo: () => state.getUndoStack().size > 0,
    focus: () => editorRef.current?.focus(),
    destroy: () => root.unmount(),
  };
}
