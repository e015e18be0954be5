// Asking the background from an extension page. The background answers every message with
// `{ ok: true, result }` or `{ ok: false, error }` (background.js); this turns that into the result or
// a thrown Error.

const api = globalThis.browser ?? globalThis.chrome;

/** Sends `message` to the background; resolves with its result, or throws with its error. */
export async function ask(message) {
  const answer = await api.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'no answer from the background');
  return answer.result;
}
