// The wasm engine for the Node tests that need the extension's code paths, loaded in one place: when
// the build splits the wasm into modules, only this file changes.
import { loadEngine } from '../../../dist/node/index.mjs';

/** A started engine from dist/node (built by `bash tools/build.sh --no-sample`). */
export function wasmEngine() {
  return loadEngine();
}
