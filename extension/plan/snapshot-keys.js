// Which storage items hold the calendar's snapshots (crate/core/src/plan/snapshot.rs): `plan.snap.head`
// and one `plan.snap.week.<UTC Monday>` a week. A leaf module, so that the side panel's first script
// can start reading a month's snapshots before the plan store's code has even loaded.

/** The plan's own item (`{ version, device }`). */
export const META_KEY = 'plan.meta';
export const SNAPSHOT_PREFIX = 'plan.snap.';
export const SNAPSHOT_HEAD = 'plan.snap.head';
const SNAPSHOT_WEEK = 'plan.snap.week.';
const DAY_MS = 86_400_000;

/** The key of the week snapshot of instant `ms`: its UTC Monday (the core's `snapshot::week_key`). */
export function weekKey(ms) {
  const d = new Date(ms);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return `${SNAPSHOT_WEEK}${new Date(monday).toISOString().slice(0, 10)}`;
}

/** The snapshot keys a view of [from, to) (RFC 3339) needs: the head and every week it touches. */
export function snapshotKeys(from, to) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const keys = [SNAPSHOT_HEAD];
  if (!(end > start)) return keys;
  for (let ms = Date.parse(weekKey(start).slice(SNAPSHOT_WEEK.length)); ms < end; ms += 7 * DAY_MS) keys.push(weekKey(ms));
  return keys;
}

/**
 * Starts reading what a first view of [from, to) needs from `storage.local`: `plan.meta` and the
 * range's snapshots. The answer is what `PlanStore.open({ first, firstRead })` takes.
 */
export function readFirst(storage, { from, to }) {
  return storage.local.get([META_KEY, ...snapshotKeys(from, to)]);
}
