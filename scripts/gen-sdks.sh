#!/usr/bin/env bash
# Write the native provider's typed SDKs (sdk/nodejs, sdk/go, sdk/python) from its package schema
# (blaxel_pulumi/native/schema.json) with Pulumi's own code generators, and the TypeScript SDK's copy that
# examples/typescript imports (examples/typescript/sdk: the example stays self-contained until the SDK is on
# npm); with --check, generate them into a temporary directory instead and fail when a committed one differs
# (`make sdks-check`, part of `make test`, and tests/sdks run this).
#
# The generator is scripts/sdkgen (Go, module github.com/pulumi/pulumi/pkg/v3 at the version the pulumi CLI
# is built from: see scripts/install-pulumi.sh). It is built once per version and source into
# ${XDG_CACHE_HOME:-$HOME/.cache}/blaxel-pulumi/sdkgen-<version>-<source hash>/ (about 30 s to 1.5 min with
# the module cache the CLI build left; `make pulumi` fills it), like the CLI: an flock guards the build, an
# atomic rename fills the cache. The Go SDK's go.sum is written by `go mod tidy` (the Go module proxy, or the
# module cache). Progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$ROOT/scripts/sdkgen"
SCHEMA="$ROOT/blaxel_pulumi/native/schema.json"
# committed directory (from the root) = generated language directory
TARGETS=(sdk/nodejs=nodejs sdk/go=go sdk/python=python examples/typescript/sdk=nodejs)
IGNORED=(-x node_modules -x bin -x build -x dist -x '*.egg-info' -x __pycache__)
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/blaxel-pulumi"

log() { printf '[gen-sdks] %s\n' "$*" >&2; }
die() { printf '[gen-sdks] ERROR: %s\n' "$*" >&2; exit 1; }

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) die "usage: $0 [--check]" ;;
esac

command -v go >/dev/null 2>&1 || die "Go 1.26+ is needed to build the SDK generator (scripts/sdkgen) and is not on PATH"
command -v flock >/dev/null 2>&1 || die "flock (util-linux) is needed to build the SDK generator safely"
export GOWORK=off GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0

# The generator's pkg/v3 version (its go.mod) and the package version the SDKs carry.
pkg_version="$(sed -n 's/^[[:space:]]*github.com\/pulumi\/pulumi\/pkg\/v3 \(v[0-9.]*\)$/\1/p' "$SRC/go.mod")"
[ -n "$pkg_version" ] || die "no github.com/pulumi/pulumi/pkg/v3 requirement in $SRC/go.mod"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/blaxel_pulumi/_version.py")"
[ -n "$version" ] || die "no __version__ in blaxel_pulumi/_version.py"
hash="$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-12)"
TARGET="$CACHE_ROOT/sdkgen-${pkg_version#v}-$hash"
GEN="$TARGET/sdkgen"

if [ ! -x "$GEN" ]; then
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.sdkgen.lock"
  log "waiting for the build lock ($CACHE_ROOT/.sdkgen.lock)"
  flock 9
  if [ ! -x "$GEN" ]; then
    started="$(date +%s)"
    log "building the SDK generator (pkg/v3 $pkg_version) into $TARGET"
    rm -rf "$TARGET.tmp"; mkdir -p "$TARGET.tmp"
    (cd "$SRC" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w" -o "$TARGET.tmp/sdkgen" .) >&2 \
      || { rm -rf "$TARGET.tmp"; die "go build of scripts/sdkgen failed (see above)"; }
    rm -rf "$TARGET"; mv "$TARGET.tmp" "$TARGET"
    log "built the SDK generator in $(( $(date +%s) - started )) s"
  fi
  exec 9>&-
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$GEN" -schema "$SCHEMA" -out "$out" -version "$version" -pulumi-sdk-version "${pkg_version}"
(cd "$out/go" && go mod tidy) >&2 || die "go mod tidy of the generated Go SDK failed (see above)"
# The Python SDK's pyproject names README.md beside it (its long description); codegen writes it in the package.
cp "$out/python/pulumi_blaxel/README.md" "$out/python/README.md"

if [ "$check" = 1 ]; then
  stale=0
  for target in "${TARGETS[@]}"; do
    dir="${target%%=*}" lang="${target#*=}"
    # what building or installing an SDK leaves beside it (its generated .gitignore) is no difference
    if ! diff -r "${IGNORED[@]}" "$ROOT/$dir" "$out/$lang" >"$out/diff" 2>&1; then
      stale=1
      log "$dir is stale:"
      head -n 40 "$out/diff" >&2
    fi
  done
  [ "$stale" = 0 ] || die "the committed SDKs differ from what the schema generates: run \`make sdks\` (scripts/gen-sdks.sh) and commit them"
  log "sdk/{nodejs,go,python} and examples/typescript/sdk are current"
else
  for target in "${TARGETS[@]}"; do
    dir="${target%%=*}" lang="${target#*=}"
    rm -rf "${ROOT:?}/$dir"
    mkdir -p "$(dirname "$ROOT/$dir")"
    cp -r "$out/$lang" "$ROOT/$dir"
  done
  log "wrote sdk/{nodejs,go,python} and examples/typescript/sdk (package version $version, pulumi codegen $pkg_version)"
fi
