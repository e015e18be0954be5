// The three checkers of the peer table, each started the way its documentation says, each giving "full
// feedback" for a draft: every finding with its message and where it is. Every module is imported inside its
// starter, so that a fresh process timing one starter (the cold-start rows) loads only that engine.
//
// Each starter resolves to `{ name, version, sync, check(text, lang) }`; `check` returns the number of findings
// (a promise of it when `sync` is false).
import { readFileSync } from 'node:fs';

/** The rules given to textlint: common ones that apply to French and English text, default options. */
export const TEXTLINT_RULES = [
  'textlint-rule-no-todo',
  'textlint-rule-max-comma',
  'textlint-rule-sentence-length',
  'textlint-rule-terminology',
  'textlint-rule-write-good',
];

/** The installed version of an npm package (from its package.json, which some packages do not export). */
export function packageVersion(name) {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/**
 * What a rule or plugin module exports: its default export, unwrapped again for CommonJS modules compiled
 * from ESM (whose `module.exports.default` arrives as `default.default`).
 */
function defaultOf(module) {
  let value = module;
  while (value && typeof value === 'object' && 'default' in value) value = value.default;
  return value;
}

/**
 * Porte-voix: the shipped wasm build (dist/node) with the sample guide, asked what the overlay asks on a
 * keystroke: the analysis (count and every editorial-line finding) and the hashtag suggestions.
 */
export async function porteVoix() {
  const { loadEngine } = await import('../dist/node/index.mjs');
  const engine = loadEngine();
  return {
    name: 'Porte-voix',
    version: engine.version,
    sync: true,
    check(text, lang) {
      const analysis = engine.analyze(text, { network: 'x', lang });
      engine.suggestHashtags(text, 'x');
      return analysis.findings.length;
    },
  };
}

/**
 * harper.js: its LocalLinter (the one that runs in Node; WorkerLinter needs web workers), American English,
 * plain text. Reads each lint's message and span, as a UI would, then frees it.
 */
export async function harper() {
  const { LocalLinter, Dialect } = await import('harper.js');
  const { binary } = await import('harper.js/binary');
  const linter = new LocalLinter({ binary, dialect: Dialect.American });
  return {
    name: 'harper.js',
    version: packageVersion('harper.js'),
    sync: false,
    async check(text) {
      const lints = await linter.lint(text, { language: 'plaintext' });
      for (const lint of lints) {
        lint.message();
        lint.span().free();
        lint.free();
      }
      return lints.length;
    },
  };
}

/** textlint: its kernel (no configuration file), the plain-text plugin and TEXTLINT_RULES. */
export async function textlint() {
  const { TextlintKernel } = await import('@textlint/kernel');
  const plugin = defaultOf(await import('@textlint/textlint-plugin-text'));
  const rules = await Promise.all(
    TEXTLINT_RULES.map(async (name) => ({ ruleId: name.replace(/^textlint-rule-/, ''), rule: defaultOf(await import(name)) })),
  );
  const kernel = new TextlintKernel();
  const options = { ext: '.txt', plugins: [{ pluginId: 'text', plugin }], rules };
  return {
    name: 'textlint',
    version: packageVersion('@textlint/kernel'),
    sync: false,
    async check(text) {
      return (await kernel.lintText(text, options)).messages.length;
    },
  };
}

/** The starters by key (the cold-start child processes pick one by its key). */
export const CHECKERS = { porteVoix, harper, textlint };
