// A real CalDAV server for the team-sync tests: Radicale (installed in .tools/py by tools/setup.sh,
// `ensure_python_caldav`), started on 127.0.0.1 on a free port with a temporary storage folder and a plain
// htpasswd user, as crate/cli/tests/caldav_radicale.rs does. Python's `caldav` library, a third-party
// client, creates the calendar and reads back what Porte-voix wrote; the `porte-voix` toolkit (target/
// release or debug) is the second team member.
//
// Without Radicale the callers skip loudly; with CI set they fail instead (`radicaleOrSkip`).
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const USER = 'anna';
export const PASSWORD = 's3cret pass';

/** The Python of .tools/py (or the system's) that can import radicale and caldav, or null. */
export function python() {
  for (const candidate of [join(ROOT, '.tools/py/bin/python3'), 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import radicale, caldav'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

/**
 * The Python to run Radicale with, or null after saying loudly that the test is skipped (`t.skip`);
 * under CI a missing Radicale is a failure, never a skip.
 */
export function radicaleOrSkip(t) {
  const py = python();
  if (py) return py;
  if (process.env.CI) throw new Error('Radicale or Python caldav missing: CI must run the CalDAV tests (bash tools/setup.sh installs them in .tools/py)');
  console.error('\n*** SKIPPED: Radicale / Python caldav not installed; the team calendar sync was NOT tested (source tools/setup.sh && ensure_python_caldav) ***\n');
  t.skip('Radicale is not installed');
  return null;
}

/** The `porte-voix` toolkit: the release build tools/build.sh makes, else the debug one. */
export function cliBinary() {
  return ['release', 'debug'].map((profile) => join(ROOT, 'target', profile, 'porte-voix')).find(existsSync) ?? null;
}

/** Runs `porte-voix` as `device` with the test user's credentials (or `password`); `{ status, stdout, stderr }`. */
export function porteVoix(device, args, { password = PASSWORD } = {}) {
  const cli = cliBinary();
  if (!cli) throw new Error('the porte-voix binary is missing: run bash tools/build.sh --no-sample');
  return spawnSync(cli, args, {
    encoding: 'utf8',
    env: { ...process.env, PORTE_VOIX_DEVICE: device, PORTE_VOIX_CALDAV_USER: USER, PORTE_VOIX_CALDAV_PASSWORD: password },
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

/**
 * Starts Radicale with `py`. Resolves to `{ port, root, dir, start(), stop(), makeCalendar(name),
 * events(calendarUrl), objectsOnDisk(), close() }`; `stop()` kills the process (a crash, not a shutdown)
 * and `start()` runs it again on the same port and storage.
 */
export async function startRadicale(py) {
  const dir = mkdtempSync(join(tmpdir(), 'porte-voix-radicale-'));
  writeFileSync(join(dir, 'users'), `${USER}:${PASSWORD}\n`);
  const port = await freePort();
  writeFileSync(
    join(dir, 'config'),
    `[server]\nhosts = 127.0.0.1:${port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = ${join(dir, 'users')}\nhtpasswd_encryption = plain\n` +
      `[storage]\nfilesystem_folder = ${join(dir, 'store')}\n[logging]\nlevel = warning\n`,
  );
  const root = `http://127.0.0.1:${port}/`;
  let child = null;

  async function start() {
    const log = openSync(join(dir, 'log'), 'a');
    child = spawn(py, ['-m', 'radicale', '--config', join(dir, 'config')], { stdio: ['ignore', 'ignore', log] });
    const deadline = Date.now() + 20_000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline) throw new Error(`Radicale did not start: ${readFileSync(join(dir, 'log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stop() {
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = null;
  }

  /** Runs a Python `caldav` script with `client` and `json` bound; its stdout read as JSON. */
  function pythonJson(body) {
    const script = `import caldav, json\nfrom icalendar.parser import unescape_backslash\nclient = caldav.DAVClient(url=${JSON.stringify(root)}, username=${JSON.stringify(USER)}, password=${JSON.stringify(PASSWORD)})\n${body}`;
    const run = spawnSync(py, ['-c', script], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`python caldav failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  }

  await start();
  return {
    port,
    root,
    dir,
    start,
    stop,
    /** Creates a calendar with Python caldav; its URL. */
    makeCalendar: (name) => pythonJson(`print(json.dumps(str(client.principal().make_calendar(name=${JSON.stringify(name)}).url)))`),
    /**
     * Every event of the calendar at `url` as Python caldav reads it: `{ summary, description, start, text,
     * networks, zone, meta, conflicts }` (the X-PORTE-VOIX-* properties unescaped; meta parsed).
     */
    events: (url) =>
      pythonJson(`
cal = client.calendar(url=${JSON.stringify(url)})
def x(v, name):
    value = v.get(name)
    return None if value is None else unescape_backslash(str(value))
out = []
for ev in cal.events():
    v = ev.icalendar_component
    conflicts = v.get("x-porte-voix-conflict")
    conflicts = [] if conflicts is None else conflicts if isinstance(conflicts, list) else [conflicts]
    out.append({"summary": str(v.get("summary")), "description": str(v.get("description") or ""),
                "start": v.get("dtstart").dt.isoformat(), "text": x(v, "x-porte-voix-text"),
                "networks": x(v, "x-porte-voix-networks"), "zone": x(v, "x-porte-voix-zone"),
                "meta": json.loads(x(v, "x-porte-voix-meta")),
                "conflicts": [json.loads(unescape_backslash(str(c))) for c in conflicts]})
out.sort(key=lambda e: e["meta"]["id"])
print(json.dumps(out))
`),
    /** How many objects the calendars hold on disk. */
    objectsOnDisk() {
      const user = join(dir, 'store', 'collection-root', USER);
      if (!existsSync(user)) return 0;
      let n = 0;
      for (const calendar of readdirSync(user)) {
        if (calendar.startsWith('.')) continue;
        n += readdirSync(join(user, calendar)).filter((f) => f.endsWith('.ics')).length;
      }
      return n;
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
