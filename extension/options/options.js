// The options page: engine status (from the background, where the overlay's engine runs), the style
// guide (import, validate, apply — an invalid guide is refused with every error and changes nothing),
// and the network table with the active guide's limits.
import { ask } from '../pages/ask.js';
import { localise, row, t } from '../pages/i18n.js';

const api = globalThis.browser ?? globalThis.chrome;
localise();

async function show() {
  const status = document.getElementById('engine-status');
  try {
    const { version, startMs } = await ask({ type: 'status' });
    status.textContent = t('optionsEngineReady', [version, startMs.toFixed(1)]);
    const networks = await ask({ type: 'networks' });
    document.querySelector('#networks tbody').replaceChildren(
      ...networks.map((n) => row([n.name, n.limit, n.source])),
    );
  } catch (error) {
    status.textContent = t('optionsEngineFailed', [String(error.message ?? error)]);
  }
}

const guideSource = document.getElementById('guide-source');
const guideStatus = document.getElementById('guide-status');
const guideErrors = document.getElementById('guide-errors');

/** "json" when the text looks like JSON, else "toml". */
function guideFormat(source, fileName = '') {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.toml$/i.test(fileName)) return 'toml';
  return source.trimStart().startsWith('{') ? 'json' : 'toml';
}

function showErrors(errors) {
  guideErrors.replaceChildren(
    ...errors.map((e) => {
      const li = document.createElement('li');
      li.className = 'guide-error';
      li.textContent = `${e.line}:${e.column} ${e.path ? `${e.path} — ` : ''}${e.message}`;
      return li;
    }),
  );
}

async function showGuide() {
  const guide = await ask({ type: 'guide-get' });
  guideStatus.textContent = t(guide.custom ? 'optionsGuideActive' : 'optionsGuideSample', [guide.brand]);
  guideSource.value = guide.source ?? '';
  showErrors(guide.problem ?? []);
}

document.getElementById('guide-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  guideSource.value = await file.text();
  guideSource.dataset.fileName = file.name;
});

document.getElementById('guide-apply').addEventListener('click', async () => {
  const source = guideSource.value;
  try {
    const report = await ask({ type: 'guide-set', source, format: guideFormat(source, guideSource.dataset.fileName) });
    showErrors(report.errors);
    guideStatus.textContent = report.ok
      ? t('optionsGuideActive', [report.brand])
      : t('optionsGuideRefused', [String(report.errors.length)]);
    if (report.ok) await show();
  } catch (error) {
    guideStatus.textContent = String(error.message ?? error);
  }
});

document.getElementById('guide-reset').addEventListener('click', async () => {
  await ask({ type: 'guide-reset' });
  await showGuide();
  await show();
});

/**
 * Fills `list` with one item per entry of `values` (shown as code) and a button labelled `buttonLabel`
 * that runs `onClick(value)`; `none` is shown when there is nothing.
 */
function fillUndoList(list, none, values, itemClass, buttonLabel, onClick) {
  none.hidden = values.length > 0;
  list.replaceChildren(
    ...values.map((value) => {
      const li = document.createElement('li');
      li.className = itemClass;
      li.dataset.value = value; // the rule id or host name
      const name = document.createElement('code');
      name.textContent = value;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = buttonLabel;
      button.addEventListener('click', () => onClick(value));
      li.append(name, ' ', button);
      return li;
    }),
  );
}

async function showDisabledRules() {
  const rules = await ask({ type: 'rules-get' });
  fillUndoList(document.getElementById('disabled-rules'), document.getElementById('rules-none'), rules, 'disabled-rule', t('optionsEnableRule'), async (rule) => {
    await ask({ type: 'rule-enable', rule });
    await showDisabledRules();
  });
}

/** Sites where the user chose "Not on this site" in the overlay, each with "Show again". */
async function showHiddenSites() {
  const hosts = await ask({ type: 'sites-hidden-get' });
  fillUndoList(document.getElementById('hidden-sites'), document.getElementById('hidden-sites-none'), hosts, 'hidden-site', t('optionsShowAgain'), async (host) => {
    await ask({ type: 'site-hide', host, hidden: false });
    await showHiddenSites();
  });
}

async function showHistory() {
  const history = await ask({ type: 'history-get' });
  document.getElementById('history-status').textContent =
    history.records > 0 ? t('optionsHistoryStatus', [String(history.records)]) : t('optionsHistoryNone');
}

document.getElementById('history-import').addEventListener('click', async () => {
  const file = document.getElementById('history-file').files[0];
  if (!file) return;
  const report = document.getElementById('history-report');
  try {
    const result = await ask({ type: 'history-import', csv: await file.text(), preset: document.getElementById('history-preset').value });
    report.textContent = t('optionsHistoryReport', [String(result.imported), String(result.rows), String(result.errors.length)]);
    document.getElementById('history-errors').replaceChildren(
      ...result.errors.map((e) => {
        const li = document.createElement('li');
        li.className = 'history-error';
        li.textContent = `${file.name}:${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`;
        return li;
      }),
    );
  } catch (error) {
    report.textContent = String(error.message ?? error);
  }
  await showHistory();
});

document.getElementById('history-clear').addEventListener('click', async () => {
  await ask({ type: 'history-clear' });
  document.getElementById('history-report').textContent = '';
  document.getElementById('history-errors').replaceChildren();
  await showHistory();
});

show().then(showGuide).then(showHistory).then(showDisabledRules).then(showHiddenSites);

// The guide changed elsewhere (a shared guide refreshed by the background, another tab): show the one in force.
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && 'guide' in changes) showGuide().then(show).catch(() => {});
});
