#!/usr/bin/env bash
# Creates (or brings up to date) bridge/.venv, the environment bridge's Python environment, with exactly the
# packages of bridge/requirements.txt, and prints its python. The a3c launcher runs it on first use of a
# gymnasium: environment; run it by hand to prepare a machine (a worker that may be given such a run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
prepare() {
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  echo "a3c: preparing the environment bridge's Python environment (bridge/.venv: pip install -r bridge/requirements.txt)..." >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$want" > "$stamp"
}
if command -v flock > /dev/null; then
  exec 9> "$here/.venv.lock"
  flock 9
fi
prepare
echo "$venv/bin/python"
