#!/usr/bin/env bash
# Executes every notebook in notebooks/ top to bottom, in place (the outputs are committed), with Deno's
# Jupyter kernel; exits non-zero on the first cell error. Idempotent set-up first:
#   1. Debian's Jupyter (jupyter-nbconvert python3-nbclient python3-ipykernel) if nbclient is missing
#      (Debian's Jupyter lives under /usr/bin/python3, not a pyenv python3);
#   2. the `deno` kernelspec, written inside the project (.jupyter/, gitignored) on every run, pointing at the
#      npm devDependency's deno (node_modules/.bin/deno, after `npm ci`); nothing is installed for the user.
# Deno resolves the npm packages our modules import from node_modules (deno.json: "nodeModulesDir": "manual"),
# so nothing is downloaded at run time.
#
# Usage: scripts/run-notebooks.sh [--check] [notebook.ipynb ...]      (default: notebooks/*.ipynb)
#   --check: execute and fail on errors without writing outputs back (what `npm run test:notebooks` runs).
# Step 1 needs root or sudo on a machine without Jupyter; `npm test` never runs this script.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3

if ! { [ -x "$PY" ] && "$PY" -c 'import nbclient, nbformat, ipykernel' 2>/dev/null; }; then
  echo "run-notebooks: installing Debian's Jupyter (jupyter-nbconvert python3-nbclient python3-ipykernel)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq jupyter-nbconvert python3-nbclient python3-ipykernel >/dev/null
fi

DENO="$PWD/node_modules/.bin/deno"
if [ ! -x "$DENO" ]; then
  echo "run-notebooks: $DENO is missing; run npm ci first" >&2
  exit 2
fi

# The kernel spec lives inside the project (.jupyter/kernels/deno, gitignored), never in the user's account:
# JUPYTER_PATH points the executor at it.
kernel_dir="$PWD/.jupyter/kernels/deno"
mkdir -p "$kernel_dir"
cat > "$kernel_dir/kernel.json.tmp" <<JSON
{"argv": ["$DENO", "jupyter", "--kernel", "--conn", "{connection_file}"], "display_name": "Deno", "language": "typescript"}
JSON
mv "$kernel_dir/kernel.json.tmp" "$kernel_dir/kernel.json"
export JUPYTER_PATH="$PWD/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

write_flag=()
if [ "${1:-}" = "--check" ]; then write_flag=(--no-write); shift; fi
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
started=$SECONDS
# NO_COLOR: plain text outputs (no ANSI colour codes) in the committed notebooks.
NO_COLOR=1 "$PY" scripts/execute-notebook.py --kernel deno --timeout 600 "${write_flag[@]}" "${notebooks[@]}" 2> >(grep -v '"deno jupyter" is unstable' >&2)
echo "run-notebooks: ${#notebooks[@]} notebooks executed in $((SECONDS - started)) s"
