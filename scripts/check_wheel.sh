#!/usr/bin/env bash
# Does the wheel work outside the checkout? Build it, install it into a fresh venv in an empty
# folder, build the seed there, and compare graph.ttl byte for byte with the checkout's build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python -m pip wheel --no-deps --quiet -w "$work/dist" "$root"
python -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/kaigi_kg-*.whl

# the query editor's files and the resource page's template travel in the wheel
"$work/venv/bin/python" -c "
from importlib.resources import files
for pkg, name in (('kg.web', 'static/yasgui/yasgui.min.js'), ('kg.web', 'static/yasgui/LICENSE.txt'),
                  ('kg.web', 'editor.html'), ('kg.linked', 'resource.html')):
    assert files(pkg).joinpath(name).is_file(), (pkg, name)
"

mkdir -p "$work/run/minutes"
cp "$root"/data/minutes/*.txt "$work/run/minutes/"
(cd "$work/run" && "$work/venv/bin/kg" build minutes -o out)
(cd "$root" && python -m kg build data/minutes -o "$work/checkout-out")
cmp "$work/run/out/graph.ttl" "$work/checkout-out/graph.ttl"
echo "wheel: graph.ttl built outside the checkout is byte-identical to the checkout's"
