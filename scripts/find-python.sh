#!/usr/bin/env bash
# Print the path of a Python interpreter of version $1 (e.g. 3.10): `python$1` on PATH, else one installed
# by pyenv; else print the default `python3` and say so on stderr (the run then says which Python it used).
set -euo pipefail
want="$1"
works() { [ -n "$1" ] && "$1" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$want'" 2>/dev/null; }
for candidate in "$(command -v "python$want" 2>/dev/null || true)" \
                 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/python"$want"; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "find-python.sh: no Python $want here (PATH, pyenv): using $(command -v python3); install Python $want to test it" >&2
command -v python3
