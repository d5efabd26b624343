#!/usr/bin/env bash
# test/e2e/install-code-server.sh [DEST]
#
# Idempotently installs code-server (a real VS Code server + web workbench) from
# the npm registry only, plus the Debian packages the e2e tests need, and prints
# the absolute path of code-server's entry.js on stdout. Everything else goes to
# stderr, so:   ENTRY=$(bash test/e2e/install-code-server.sh)
#
#   DEST                 default $CODE_SERVER_HOME, else ~/.cache/corroborate-e2e/code-server-$VERSION
#   CODE_SERVER_VERSION  default 4.100.3 (bundles VS Code 1.100.3; needs Node 20)
#   INSTALL_APT=0        never apt-get (libkrb5-dev, ripgrep, make, g++, python3 must exist;
#                        pngquant is optional: screenshots are then kept unquantised)
#   INSTALL_CHROMIUM=0   do not install Debian's chromium (only the UI tests need it)
#
# Second and later runs are a marker-file check (~10 ms). Concurrent runs are
# serialised with flock. Builds into DEST.partial and renames on success, so an
# interrupted run never leaves a half-installed DEST behind.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
DEST="${1:-${CODE_SERVER_HOME:-${HOME:-/root}/.cache/corroborate-e2e/code-server-$VERSION}}"
mkdir -p "$(dirname "$DEST")"
DEST="$(cd "$(dirname "$DEST")" && pwd)/$(basename "$DEST")"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
MARKER="$DEST/.installed-$VERSION"

log() { printf '[install-code-server] %s\n' "$*" >&2; }
done_already() { [ -f "$MARKER" ] && [ -f "$ENTRY" ]; }

if done_already; then echo "$ENTRY"; exit 0; fi

exec 9>"$DEST.lock"
command -v flock >/dev/null 2>&1 && flock 9
if done_already; then echo "$ENTRY"; exit 0; fi

t0=$(date +%s)

major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" != "20" ]; then
  log "ERROR: code-server $VERSION needs Node 20 (found $(node --version))"
  exit 1
fi

# ---- Debian packages -----------------------------------------------------------
if [ "${INSTALL_APT:-1}" != "0" ]; then
  pkgs=()
  dpkg -s libkrb5-dev >/dev/null 2>&1 || pkgs+=(libkrb5-dev)
  command -v rg      >/dev/null 2>&1 || pkgs+=(ripgrep)
  command -v make    >/dev/null 2>&1 || pkgs+=(make)
  command -v g++     >/dev/null 2>&1 || pkgs+=(g++)
  command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
  # Quantises screenshots (harness.mjs screenshot(); ~40% of the size) so the
  # README pictures embedded in the .vsix keep it well under 2 MB. Optional.
  command -v pngquant >/dev/null 2>&1 || pkgs+=(pngquant)
  if [ "${INSTALL_CHROMIUM:-1}" != "0" ] && ! command -v chromium >/dev/null 2>&1; then pkgs+=(chromium); fi
  if [ "${#pkgs[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    log "apt-get install ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq </dev/null >&2
    $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" </dev/null >&2
  fi
fi
RG="$(command -v rg || true)"
[ -n "$RG" ] || { log "ERROR: ripgrep (rg) is required: apt-get install ripgrep"; exit 1; }

# ---- npm: never prompt, build native modules against the local Node headers -----
export npm_config_yes=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false npm_config_loglevel="${npm_config_loglevel:-error}"
if [ -z "${npm_config_nodedir:-}" ]; then
  nd="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$nd/include/node/node.h" ] && export npm_config_nodedir="$nd"
fi
npmq() { npm "$@" </dev/null >&2; }

WORK="$DEST.partial"
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
echo '{ "name": "corroborate-code-server", "private": true }' > package.json

log "npm install code-server@$VERSION (--ignore-scripts: its postinstall would hit GitHub)"
npmq install --no-save --no-package-lock --ignore-scripts "code-server@$VERSION"
CS="$WORK/node_modules/code-server"

cd "$CS/lib/vscode"
log "npm install lib/vscode"
npmq install --omit=dev --ignore-scripts
log "npm rebuild native modules"
npmq rebuild kerberos @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog node-pty
# @vscode/ripgrep's postinstall downloads rg from GitHub; use the Debian binary.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg
# The links code-server's own postinstall.sh would make.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions
log "npm install lib/vscode/extensions (built-in extensions)"
npmq install --omit=dev --ignore-scripts
cd "$WORK"
log "npm rebuild argon2"
npmq rebuild argon2

# ---- smoke check -------------------------------------------------------------------
(cd "$CS/lib/vscode" && node -e '
  const r = require("module").createRequire(process.cwd() + "/x.js");
  for (const m of ["kerberos", "@vscode/spdlog", "native-watchdog", "node-pty", "@parcel/watcher"]) r(m);
') >&2
(cd "$WORK" && node -e 'require("argon2")') >&2
"$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null

touch "$WORK/.installed-$VERSION"
rm -rf "$DEST"
mv "$WORK" "$DEST"
log "installed code-server $VERSION in $DEST in $(( $(date +%s) - t0 ))s"
echo "$ENTRY"
