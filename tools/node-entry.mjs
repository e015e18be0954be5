// dist/node/index.mjs: the wasm engine for Node (tests and benchmarks), the same build the extension ships.
import { readFileSync } from 'node:fs';
import { PorteVoixEngine, EngineCrashed } from './engine.js';

export { PorteVoixEngine, EngineCrashed };

/** Compiles and starts the engine from the wasm file next to this module. */
export function loadEngine() {
  return PorteVoixEngine.fromBytes(readFileSync(new URL('./porte_voix_wasm_bg.wasm', import.meta.url)));
}
