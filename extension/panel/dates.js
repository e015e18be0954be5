// The calendar's days in the user's local time: day keys, weeks from a Monday, the month grid.
// A leaf module: the side panel's first script computes the month it opens on with it.

/** `YYYY-MM-DD` of a local date. */
export function dayKey(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DAY_MS = 86_400_000;

/** Local midnight of `date`, `days` later. */
export function addDays(date, days) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** The Monday starting the week of `date` (local midnight). */
export function weekStart(date) {
  return addDays(date, -((date.getDay() + 6) % 7));
}

/** The days the month grid of `anchor`'s month shows: `{ first, count }`, whole weeks from a Monday. */
export function monthGrid(anchor) {
  const monthFirst = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
  const first = weekStart(monthFirst);
  const monthDays = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0).getDate();
  const lead = Math.round((monthFirst - first) / DAY_MS);
  return { first, count: Math.ceil((lead + monthDays) / 7) * 7 };
}

/** `{ from, to }` (RFC 3339): the instants the month grid of `anchor` covers. */
export function monthGridRange(anchor) {
  const { first, count } = monthGrid(anchor);
  return { from: first.toISOString(), to: addDays(first, count).toISOString() };
}
