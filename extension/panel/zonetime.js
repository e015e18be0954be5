// Wall-clock times in an IANA zone and the instants they name, through the browser's Intl (the same
// zone data the wasm build resolves zones with). Used by the studio's time field.

/** Whether `zone` is an IANA zone name Intl knows. */
export function isKnownZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return typeof zone === 'string' && zone.trim() !== '';
  } catch {
    return false;
  }
}

/** The wall-clock fields of instant `ms` in `zone`: `{ year, month, day, hour, minute }`. */
function wallFields(ms, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

/** `zone`'s offset from UTC at instant `ms`, in ms (whole minutes). */
function offsetAt(ms, zone) {
  const w = wallFields(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(ms / 60000) * 60000;
}

/**
 * The instant (RFC 3339, UTC) of wall time `wall` ("YYYY-MM-DDTHH:MM", as a datetime-local field
 * gives it) in `zone`, or null when `wall` does not read. A time skipped by a clock change resolves
 * to the same wall time under the offset in force before it.
 */
export function wallToInstant(wall, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall ?? '');
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let ms = asUtc - offsetAt(asUtc, zone);
  ms = asUtc - offsetAt(ms, zone);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Instant `iso` as a datetime-local value ("YYYY-MM-DDTHH:MM") in `zone`. */
export function instantToWall(iso, zone) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const w = wallFields(ms, zone);
  const pad = (n, size = 2) => String(n).padStart(size, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The browser's own zone (UTC if it has none). */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
