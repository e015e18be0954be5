// What the two wasm modules (the engine and the planner) share about panics.
//
// A Rust panic traps the instance (the release build aborts on panic). Both modules' panic hooks call
// `globalThis.__porteVoixPanic` with the message just before the trap; `recovering` turns the trap into
// an `EngineCrashed` error after the caller has started a fresh instance.

let lastPanicMessage = null;
// Called by either module's panic hook just before the instance traps.
globalThis.__porteVoixPanic = (message) => {
  lastPanicMessage = message;
};

/** The message of the last panic of either module, or null. */
export function lastPanic() {
  return lastPanicMessage;
}

/** A call failed because the core panicked; the module has already been restarted. */
export class EngineCrashed extends Error {
  constructor(panicMessage) {
    super(`the Porte-voix engine stopped on an internal error and was restarted: ${panicMessage}`);
    this.name = 'EngineCrashed';
    this.panicMessage = panicMessage;
  }
}

/**
 * Runs `operation()`; if it trapped (a panic), calls `restart()` and throws `EngineCrashed`. Ordinary
 * errors from the core pass through unchanged.
 */
export function recovering(operation, restart) {
  try {
    return operation();
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    const panic = lastPanicMessage ?? error.message;
    restart();
    throw new EngineCrashed(panic);
  }
}
