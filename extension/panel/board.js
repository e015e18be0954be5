// The board view (posts by status). To be built.

/** Mounts the view in `section`; see PanelContext in panel.js. */
export function mount(section, context) {
  section.append(context.t('panelTabBoard'));
  return {};
}
