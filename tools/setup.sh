# Porte-voix set-up: installs what the build and the tests need, checking first what is already there.
# Sourced by tools/build.sh and tools/test.sh; every function is idempotent, so a second run installs nothing.
#
# Assumes a Debian/Ubuntu machine with Rust (rustup), Node/npm and apt, as README.md says.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[porte-voix]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[porte-voix] error:\033[0m %s\n' "$*" >&2; exit 1; }

_apt_updated=""
# apt_install PKG...: installs the Debian packages that are not installed yet (one apt-get update per run).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "$_apt_updated" ]; then
    log "apt-get update"
    $sudo apt-get update -q >/dev/null
    _apt_updated=1
  fi
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# The wasm-bindgen version pinned in crate/wasm/Cargo.toml (the CLI must match it exactly).
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/crate/wasm/Cargo.toml"
}

# ensure_wasm_toolchain: sets WASM_ROUTE to "rustup" (the ordinary route: rustup's wasm32 target) or
# "debian" (Debian's rustc-web with the standard library built from source, for machines where rustup
# cannot download the target; see shared/reference/toolchain.md).
ensure_wasm_toolchain() {
  if [ "${PV_WASM_ROUTE:-}" = debian ]; then  # force the fallback route (to test it on a machine with both)
    apt_install rustc-web cargo-web rust-web-src lld-22
    WASM_ROUTE=debian; return 0
  fi
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    WASM_ROUTE=rustup; return 0
  fi
  if [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] && [ -x /usr/lib/llvm-22/bin/wasm-ld ]; then
    WASM_ROUTE=debian; return 0
  fi
  log "adding the wasm32 target with rustup"
  if timeout 180 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
      && rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    WASM_ROUTE=rustup; return 0
  fi
  log "rustup could not fetch the wasm32 target; using Debian's Rust with the standard library built from source"
  apt_install rustc-web cargo-web rust-web-src lld-22
  WASM_ROUTE=debian
}

# ensure_wasm_bindgen: the wasm-bindgen CLI at exactly the crate's version.
ensure_wasm_bindgen() {
  local want; want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "cannot read the pinned wasm-bindgen version from crate/wasm/Cargo.toml"
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ]; then
    return 0
  fi
  log "installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$want" --force >/dev/null 2>&1 \
    || die "cargo install wasm-bindgen-cli --version $want failed; run it by hand to see why"
}

# ensure_npm: node_modules matching package-lock.json (npm ci only when the lock file changed).
ensure_npm() {
  local stamp="$ROOT/node_modules/.porte-voix-lock"
  local want; want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed"
  echo "$want" > "$stamp"
}

# ensure_build_tools: what tools/build.sh needs.
ensure_build_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
  command -v node >/dev/null || die "node not found: install Node.js 20 or later first"
  command -v zip >/dev/null || apt_install zip
  ensure_wasm_toolchain
  ensure_wasm_bindgen
  ensure_npm
}

# The Python `icalendar` version the iCalendar tests read our exports with (crate/core/tests/plan_ics_python.rs).
ICALENDAR_VERSION=7.3.0
# ensure_python_icalendar: a venv under .tools/py holding icalendar at exactly ICALENDAR_VERSION (the tests
# look there first, then at the plain python3).
ensure_python_icalendar() {
  local py="$ROOT/.tools/py/bin/python3"
  if [ -x "$py" ] && "$py" -c "import icalendar, sys; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION')" 2>/dev/null; then
    return 0
  fi
  command -v python3 >/dev/null || apt_install python3
  python3 -c "import venv, ensurepip" 2>/dev/null || apt_install python3-venv
  log "installing Python icalendar $ICALENDAR_VERSION in .tools/py"
  [ -x "$py" ] || python3 -m venv "$ROOT/.tools/py" || die "python3 -m venv .tools/py failed; run it by hand to see why"
  "$py" -m pip install --quiet --disable-pip-version-check "icalendar==$ICALENDAR_VERSION" >/dev/null \
    || die "pip install icalendar==$ICALENDAR_VERSION failed; run it by hand to see why"
}

# The CalDAV server and client the team-sync tests run against (crate/cli/tests/caldav_radicale.rs).
RADICALE_VERSION=3.9.0
CALDAV_VERSION=3.6.0
# ensure_python_caldav: Radicale and Python caldav at exactly these versions in the .tools/py venv
# (after icalendar, which caldav also uses; only what is missing is installed).
ensure_python_caldav() {
  ensure_python_icalendar
  local py="$ROOT/.tools/py/bin/python3"
  if "$py" -c "import radicale, caldav, sys; sys.exit(radicale.VERSION != '$RADICALE_VERSION' or caldav.__version__ != '$CALDAV_VERSION')" 2>/dev/null; then
    return 0
  fi
  log "installing Radicale $RADICALE_VERSION and Python caldav $CALDAV_VERSION in .tools/py"
  "$py" -m pip install --quiet --disable-pip-version-check "radicale==$RADICALE_VERSION" "caldav==$CALDAV_VERSION" "icalendar==$ICALENDAR_VERSION" >/dev/null \
    || die "pip install radicale==$RADICALE_VERSION caldav==$CALDAV_VERSION failed; run it by hand to see why"
}

# ensure_test_tools: what tools/test.sh needs beyond the build: the two browsers and their drivers, Python
# icalendar, Radicale and Python caldav.
ensure_test_tools() {
  apt_install chromium firefox-esr openssl
  if ! command -v geckodriver >/dev/null; then
    log "installing geckodriver (cargo install, a few minutes, once)"
    cargo install geckodriver --locked >/dev/null 2>&1 || cargo install geckodriver >/dev/null 2>&1 \
      || die "cargo install geckodriver failed; run it by hand to see why"
  fi
  ensure_python_icalendar
  ensure_python_caldav
}

# ensure_fuzz_tools: cargo-fuzz for tools/fuzz.sh, when the nightly toolchain is there (libFuzzer's
# sanitizer flags need nightly). Returns 1, installing nothing, when nightly is missing.
ensure_fuzz_tools() {
  rustup toolchain list 2>/dev/null | grep -q '^nightly' || return 1
  cargo fuzz --version >/dev/null 2>&1 && return 0
  log "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked >/dev/null 2>&1 || cargo install cargo-fuzz >/dev/null 2>&1 \
    || die "cargo install cargo-fuzz failed; run it by hand to see why"
}
