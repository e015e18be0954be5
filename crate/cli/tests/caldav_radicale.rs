//! `porte-voix sync --caldav` against a real CalDAV server: Radicale (installed in `.tools/py` by
//! tools/setup.sh), started on 127.0.0.1 on a free port with a temporary storage folder and plain
//! htpasswd users, stopped when the test ends. Python's `caldav` library, a third-party client,
//! creates the calendar and reads back what Porte-voix wrote.
//!
//! Without Radicale the tests say loudly that they were skipped; with `CI` set they fail instead.

mod support;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const USER: &str = "anna";
const PASSWORD: &str = "s3cret pass";

/// The Python interpreter of `.tools/py` (or the system's) that can import `radicale` and `caldav`.
fn python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/py/bin/python3");
    let candidates = [venv, PathBuf::from("python3")];
    let found = candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import radicale, caldav"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        assert!(!in_ci, "Radicale or Python caldav missing: CI must run the CalDAV tests (bash tools/setup.sh installs them in .tools/py)");
        eprintln!("\n\n*** SKIPPED: Radicale / Python caldav not installed, `sync --caldav` was NOT tested against a server (source tools/setup.sh && ensure_python_caldav) ***\n\n");
    }
    found
}

/// A Radicale server of this test, stopped (killed) when dropped; its folder removed then.
struct Radicale {
    python: PathBuf,
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Radicale {
    fn start(python: &Path, name: &str) -> Radicale {
        let dir = std::env::temp_dir().join(format!("porte-voix-radicale-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
            dir.join("users").display(),
            dir.join("store").display()
        );
        std::fs::write(dir.join("config"), config).unwrap();
        let mut server = Radicale { python: python.to_path_buf(), dir, port, child: None };
        server.run();
        server
    }

    /// Starts the server process (again) on the same port and storage.
    fn run(&mut self) {
        let log = std::fs::File::create(self.dir.join("log")).unwrap();
        let child = Command::new(&self.python)
            .args(["-m", "radicale", "--config"])
            .arg(self.dir.join("config"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Radicale did not start: {}",
                std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server process (as a crash or a power cut would).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn root(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Creates a calendar with Python `caldav` and returns its URL.
    fn make_calendar(&self, name: &str) -> String {
        let script = format!(
            "import caldav\nc = caldav.DAVClient(url={:?}, username={USER:?}, password={PASSWORD:?})\nprint(c.principal().make_calendar(name={name:?}).url)",
            self.root()
        );
        let out = Command::new(&self.python).args(["-c", &script]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// How many objects the calendar folders hold on disk.
    fn objects_on_disk(&self) -> usize {
        let user = self.dir.join("store/collection-root").join(USER);
        let Ok(calendars) = std::fs::read_dir(user) else { return 0 };
        calendars
            .flatten()
            .filter(|c| !c.file_name().to_string_lossy().starts_with('.'))
            .flat_map(|c| std::fs::read_dir(c.path()).into_iter().flatten().flatten())
            .filter(|f| f.file_name().to_string_lossy().ends_with(".ics"))
            .count()
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `porte-voix` with the credentials in the environment, as device `device`.
fn porte_voix(device: &str, password: &str, args: &[&str]) -> Output {
    support::bin()
        .args(args)
        .env("PORTE_VOIX_DEVICE", device)
        .env("PORTE_VOIX_CALDAV_USER", USER)
        .env("PORTE_VOIX_CALDAV_PASSWORD", password)
        .output()
        .unwrap()
}

fn sync(device: &str, url: &str, plan: &Path) -> Output {
    let out = porte_voix(device, PASSWORD, &["sync", "--caldav", url, "--plan", plan.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "sync of {device} failed: {}{}",
        support::stdout(&out),
        support::stderr(&out)
    );
    out
}

fn plan_cmd(device: &str, plan: &Path, args: &[&str]) {
    let mut all = vec!["plan", "--plan", plan.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = porte_voix(device, PASSWORD, &all);
    assert!(out.status.success(), "plan {args:?}: {}", support::stderr(&out));
}

fn read(plan: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(plan).unwrap()).unwrap()
}

/// The live posts of a plan file: id → text.
fn live_texts(plan: &Value) -> Vec<(String, String)> {
    let posts = plan["posts"].as_array().cloned().unwrap_or_default();
    let mut out: Vec<(String, String)> = posts
        .iter()
        .filter(|p| p["meta"]["deleted"] != json!(true))
        .map(|p| (p["meta"]["id"].as_str().unwrap().to_string(), p["text"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

/// The texts of the versions of `id` kept in conflict.
fn conflict_texts(plan: &Value, id: &str) -> Vec<String> {
    let conflicts = plan["conflicts"].as_array().cloned().unwrap_or_default();
    conflicts
        .iter()
        .filter(|c| c["id"] == id)
        .map(|c| c["version"]["post"]["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn temp_plan(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("porte-voix-caldav-{}-{name}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn two_clients_sync_one_calendar_every_post_survives_and_conflicts_surface() {
    let Some(py) = python() else { return };
    let server = Radicale::start(&py, "two-clients");
    server.make_calendar("Porte-voix");
    let (a, b) = (temp_plan("two-a"), temp_plan("two-b"));
    // Both start from the server's root: discovery finds the one calendar.
    let root = server.root();
    plan_cmd(
        "laptop",
        &a,
        &[
            "add",
            "--id",
            "p1",
            "--text",
            "Bonjour",
            "--network",
            "x",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "Europe/Paris",
        ],
    );
    plan_cmd(
        "laptop",
        &a,
        &[
            "add",
            "--id",
            "p2",
            "--text",
            "Deux",
            "--network",
            "linkedin",
            "--at",
            "2026-12-02T09:00",
            "--tz",
            "Europe/Paris",
        ],
    );
    sync("laptop", &root, &a);
    sync("phone", &root, &b);
    assert_eq!(live_texts(&read(&b)), vec![("p1".into(), "Bonjour".into()), ("p2".into(), "Deux".into())]);

    // Concurrent work: both edit p1, B adds p3, A deletes p2.
    plan_cmd("laptop", &a, &["set", "p1", "--text", "Bonjour de A"]);
    plan_cmd("laptop", &a, &["delete", "p2"]);
    plan_cmd("phone", &b, &["set", "p1", "--text", "Bonjour de B"]);
    plan_cmd(
        "phone",
        &b,
        &[
            "add",
            "--id",
            "p3",
            "--text",
            "Trois",
            "--network",
            "x",
            "--at",
            "2026-12-03T09:00",
            "--tz",
            "Europe/Paris",
        ],
    );
    let mut last = None;
    for (device, plan) in [("laptop", &a), ("phone", &b), ("laptop", &a), ("phone", &b)] {
        last = Some(sync(device, &root, plan));
    }
    let said = support::stdout(&last.unwrap());
    assert!(
        said.contains("conflict: post p1")
            && said.contains("p1 [shown] Bonjour de")
            && said.contains("p1 [kept] Bonjour de"),
        "{said}"
    );
    for plan in [&a, &b] {
        let p = read(plan);
        let live = live_texts(&p);
        assert_eq!(
            live.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["p1", "p3"],
            "p2 deleted everywhere, p3 everywhere: {live:?}"
        );
        let mut versions = conflict_texts(&p, "p1");
        versions.push(live[0].1.clone());
        versions.sort();
        assert_eq!(
            versions,
            ["Bonjour de A", "Bonjour de B"],
            "both versions of p1 kept in {}",
            plan.display()
        );
    }
    assert_eq!(live_texts(&read(&a)), live_texts(&read(&b)), "both show the same winner");
    assert_eq!(server.objects_on_disk(), 2, "the server holds p1 and p3");

    // A resolves the conflict; the resolution reaches B.
    plan_cmd("laptop", &a, &["set", "p1", "--text", "Bonjour de A et B"]);
    sync("laptop", &root, &a);
    sync("phone", &root, &b);
    let pb = read(&b);
    assert!(conflict_texts(&pb, "p1").is_empty(), "resolved everywhere");
    assert_eq!(live_texts(&pb)[0].1, "Bonjour de A et B");
}

#[test]
fn a_server_stopped_mid_sync_keeps_the_queue_which_drains_on_the_next_run() {
    let Some(py) = python() else { return };
    let mut server = Radicale::start(&py, "stop");
    let calendar = server.make_calendar("Équipe");
    let plan = temp_plan("stop");
    let total = 60;
    let posts: Vec<Value> = (0..total)
        .map(|i| {
            let at = format!("2026-12-{:02}T{:02}:{:02}:00Z", 1 + i % 28, 6 + i % 12, i % 60);
            json!({"meta": {"id": format!("post-{i:03}"), "created": "2026-11-01T00:00:00Z", "updated": "2026-11-01T00:00:00Z", "clock": {"laptop": 1}},
                   "text": format!("Publication {i}"), "networks": ["x"], "status": "scheduled", "schedule": {"at": at, "zone": "Europe/Paris"}})
        })
        .collect();
    std::fs::write(&plan, serde_json::to_string(&json!({"version": 1, "posts": posts})).unwrap()).unwrap();

    let child = support::bin()
        .args(["sync", "--caldav", &calendar, "--plan", plan.to_str().unwrap()])
        .env("PORTE_VOIX_DEVICE", "laptop")
        .env("PORTE_VOIX_CALDAV_USER", USER)
        .env("PORTE_VOIX_CALDAV_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.objects_on_disk() < 5 {
        assert!(Instant::now() < deadline, "the sync wrote nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.stop();
    let out = child.wait_with_output().unwrap();
    let stderr = support::stderr(&out);
    assert!(!out.status.success(), "the sync cannot finish with the server stopped");
    assert!(
        stderr.contains("could not be reached") && stderr.contains("run `porte-voix sync` again later"),
        "{stderr}"
    );
    let stopped = read(&plan);
    assert_eq!(stopped["posts"].as_array().unwrap().len(), total, "no post lost");
    assert_eq!(stopped["caldav"]["retry"]["failures"], 1, "a retry is scheduled: {}", stopped["caldav"]);
    let sent_before = stopped["caldav"]["objects"].as_object().map_or(0, |o| o.len());
    let on_disk = server.objects_on_disk();
    assert!(on_disk < total, "stopped half-way ({on_disk} of {total} written)");

    server.run();
    sync("laptop", &calendar, &plan);
    let done = read(&plan);
    assert_eq!(server.objects_on_disk(), total, "the queue drained");
    assert_eq!(done["caldav"]["objects"].as_object().unwrap().len(), total);
    assert!(done["caldav"].get("retry").is_none(), "no retry left: {}", done["caldav"]);
    assert!(sent_before <= on_disk);
    // Nothing left to send: a further run sends nothing.
    let again = sync("laptop", &calendar, &plan);
    assert!(support::stdout(&again).contains("sent: 0"), "{}", support::stdout(&again));
    // And a second member gets every post.
    let other = temp_plan("stop-other");
    sync("phone", &calendar, &other);
    assert_eq!(live_texts(&read(&other)).len(), total);
}

#[test]
fn a_wrong_password_gives_a_clear_message_and_changes_nothing() {
    let Some(py) = python() else { return };
    let server = Radicale::start(&py, "password");
    server.make_calendar("Porte-voix");
    let plan = temp_plan("password");
    plan_cmd(
        "laptop",
        &plan,
        &[
            "add",
            "--id",
            "p1",
            "--text",
            "Bonjour",
            "--network",
            "x",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "Europe/Paris",
        ],
    );
    let before = read(&plan);
    for (lang, expected) in [
        ("en", "refused the user name or password (HTTP 401)"),
        ("fr", "a refusé le nom d'utilisateur ou le mot de passe (HTTP 401)"),
    ] {
        let out = porte_voix(
            "laptop",
            "wrong",
            &["sync", "--caldav", &server.root(), "--plan", plan.to_str().unwrap(), "--lang", lang],
        );
        assert_eq!(out.status.code(), Some(2));
        let stderr = support::stderr(&out);
        assert!(stderr.contains(expected) && stderr.contains("PORTE_VOIX_CALDAV_PASSWORD"), "{stderr}");
        assert!(!stderr.contains("wrong"), "the password is never printed");
    }
    let after = read(&plan);
    assert_eq!(after["posts"], before["posts"]);
    assert!(after["caldav"].get("retry").is_none(), "a wrong password is not retried on its own");
    assert_eq!(server.objects_on_disk(), 0);
}

#[test]
fn a_server_that_is_not_caldav_or_a_bad_address_is_explained() {
    let Some(py) = python() else { return };
    let plan = temp_plan("bad-url");
    let out = porte_voix(
        "laptop",
        PASSWORD,
        &["sync", "--caldav", "cloud.example.org/dav", "--plan", plan.to_str().unwrap()],
    );
    assert!(
        support::stderr(&out).contains("does not start with https:// or http://"),
        "{}",
        support::stderr(&out)
    );
    // A plain web server (Python's http.server) answers PROPFIND with 501: not CalDAV.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = std::env::temp_dir().join(format!("porte-voix-web-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut web = Command::new(&py)
        .args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string()])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = porte_voix(
        "laptop",
        PASSWORD,
        &["sync", "--caldav", &format!("http://127.0.0.1:{port}/dav/"), "--plan", plan.to_str().unwrap()],
    );
    let _ = web.kill();
    let _ = web.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let stderr = support::stderr(&out);
    assert!(stderr.contains("/dav/: this does not look like a CalDAV server"), "{stderr}");
}

#[test]
fn python_caldav_reads_the_events_porte_voix_wrote_and_a_move_comes_back() {
    let Some(py) = python() else { return };
    let server = Radicale::start(&py, "python");
    let calendar = server.make_calendar("Porte-voix");
    let plan = temp_plan("python");
    plan_cmd(
        "laptop",
        &plan,
        &[
            "add",
            "--id",
            "p1",
            "--text",
            "Nouvelle collection, disponible dès lundi ; venez !",
            "--network",
            "x",
            "--network",
            "linkedin",
            "--at",
            "2026-12-01T09:00",
            "--tz",
            "Europe/Paris",
            "--assignee",
            "Léa",
            "--notes",
            "Photo: à choisir",
        ],
    );
    sync("laptop", &calendar, &plan);

    let script = format!(
        r#"
import caldav, json
from icalendar.parser import unescape_backslash
def x(v, name):
    # Unknown properties come back as written: TEXT-escaped.
    return unescape_backslash(str(v.get(name)))
c = caldav.DAVClient(url={root:?}, username={USER:?}, password={PASSWORD:?})
cal = c.calendar(url={calendar:?})
out = []
for ev in cal.events():
    v = ev.icalendar_component
    out.append({{"summary": str(v.get("summary")), "text": x(v, "x-porte-voix-text"), "assignee": x(v, "x-porte-voix-assignee"),
                "networks": x(v, "x-porte-voix-networks"), "meta": json.loads(x(v, "x-porte-voix-meta")),
                "start": v.get("dtstart").dt.isoformat()}})
    # A calendar app moves the event one hour later.
    v["dtstart"].dt = v["dtstart"].dt.replace(hour=10)
    if "dtend" in v:
        v["dtend"].dt = v["dtend"].dt.replace(hour=10)
    ev.save()
print(json.dumps(out))
"#,
        root = server.root()
    );
    let out = Command::new(&py).args(["-c", &script]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ev = &events[0];
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert!(ev["summary"].as_str().unwrap().contains("Nouvelle collection"), "{ev}");
    assert_eq!(ev["text"], "Nouvelle collection, disponible dès lundi ; venez !");
    assert_eq!(ev["assignee"], "Léa");
    assert_eq!(ev["meta"]["id"], "p1");
    assert!(ev["summary"].as_str().unwrap().starts_with("[X, LinkedIn]"), "{ev}");
    assert!(ev["start"].as_str().unwrap().starts_with("2026-12-01T09:00:00"), "{ev}");

    // The move made in the calendar app comes back as a reschedule, counted as an edit.
    sync("laptop", &calendar, &plan);
    let p = read(&plan);
    assert_eq!(p["posts"][0]["schedule"]["at"], "2026-12-01T09:00:00Z", "10:00 in Paris is 09:00 UTC");
    assert_eq!(p["posts"][0]["meta"]["clock"]["calendar-app"], 1);
    assert!(p.get("conflicts").is_none());
}
