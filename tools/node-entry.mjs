// dist/node/index.mjs: the wasm engine for Node (tests and benchmarks), the same build the extension ships.
import { readFileSync } from 'node:fs';
import { PorteVoixEngine, PorteVoixPlanner, EngineCrashed } from './engine.js';

export { PorteVoixEngine, PorteVoixPlanner, EngineCrashed };

/** The bytes of a wasm file next to this module. */
const wasmBytes = (name) => readFileSync(new URL(`./${name}`, import.meta.url));

/**
 * Compiles and starts the keystroke engine from the wasm file next to this module; its `planner()`
 * loads the planner module (porte_voix_planner_bg.wasm) from the same folder on first use.
 */
export function loadEngine() {
  return PorteVoixEngine.fromBytes(wasmBytes('porte_voix_wasm_bg.wasm'), () => wasmBytes('porte_voix_planner_bg.wasm'));
}
