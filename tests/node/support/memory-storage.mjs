// A small in-memory stand-in for `chrome.storage` with only what extension/plan/store.js uses:
// `local.get(null | key | keys)`, `local.set(items)`, `local.remove(key | keys)` and
// `onChanged.addListener/removeListener`. Like the real API it stores copies (values go through
// structured cloning), resolves asynchronously, fires `onChanged(changes, "local")` after each
// write with `{ oldValue, newValue }` per key, and rejects a write past `quotaBytes` (key + JSON
// of the value, as Chrome counts) without storing any of it.

export function memoryStorage({ quotaBytes = Infinity } = {}) {
  const data = new Map();
  const listeners = new Set();
  const writes = [];
  const size = (map) => [...map].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  const fire = (changes) => {
    if (Object.keys(changes).length === 0) return;
    setTimeout(() => {
      for (const listener of listeners) listener(structuredClone(changes), 'local');
    }, 0);
  };
  const local = {
    async get(keys) {
      const wanted = keys === null || keys === undefined ? [...data.keys()] : [keys].flat();
      return Object.fromEntries(wanted.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items) {
      if (quotaBytes !== Infinity) {
        const next = new Map(data);
        for (const [k, v] of Object.entries(items)) next.set(k, v);
        if (size(next) > quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      }
      const changes = {};
      for (const [k, v] of Object.entries(items)) {
        changes[k] = data.has(k) ? { oldValue: data.get(k), newValue: structuredClone(v) } : { newValue: structuredClone(v) };
        data.set(k, structuredClone(v));
      }
      writes.push(Object.keys(items));
      fire(changes);
    },
    async remove(keys) {
      const changes = {};
      for (const k of [keys].flat()) {
        if (data.has(k)) changes[k] = { oldValue: data.get(k) };
        data.delete(k);
      }
      writes.push([keys].flat().map((k) => `-${k}`));
      fire(changes);
    },
  };
  const onChanged = {
    addListener: (fn) => listeners.add(fn),
    removeListener: (fn) => listeners.delete(fn),
  };
  return { local, onChanged, writes, data };
}

/** Resolves once pending onChanged notifications have been delivered. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
