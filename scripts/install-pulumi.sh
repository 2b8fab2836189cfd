#!/usr/bin/env bash
# Make a working `pulumi` CLI (with the Python language host and the dynamic-provider plugin) available,
# and print the directory to put on PATH as the only line on stdout. Progress goes to stderr.
#
# Order:
#   1. a `pulumi` already on PATH whose version is at least PULUMI_MIN_VERSION, together with
#      `pulumi-language-python` on PATH, is used as is;
#   2. otherwise a cached build in ${XDG_CACHE_HOME:-$HOME/.cache}/blaxel-pulumi/pulumi-<version>/bin is reused;
#   3. otherwise the CLI is built from the Go modules served by the Go module proxy and cached there.
#
# Idempotent and safe to run concurrently (an flock guards the build; the cache is filled by an atomic rename).
# Set BLAXEL_PULUMI_FORCE_BUILD=1 to ignore a `pulumi` on PATH, BLAXEL_PULUMI_VERSION to pin another version.
#
# Why the language host comes from an older module: since v3.80.0 the Python language host is its own Go
# module (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3), which is published without
# tags and is not served by the module proxy this project can reach. Up to v3.79.0 the same program lived
# inside the tagged sdk/v3 module, so we build it from there. It only starts `python -m ...` processes and
# speaks the stable LanguageRuntime gRPC protocol; the Python-side scripts (pulumi-language-python-exec and
# pulumi-resource-pulumi-python) come from the same release as the CLI.
set -euo pipefail

PULUMI_VERSION="${BLAXEL_PULUMI_VERSION:-3.274.1}"
LANGHOST_VERSION="3.79.0"
PULUMI_MIN_VERSION="3.139.0"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/blaxel-pulumi"
TARGET="$CACHE_ROOT/pulumi-$PULUMI_VERSION"
BIN="$TARGET/bin"
TOOLS=(pulumi pulumi-language-python pulumi-language-python-exec pulumi-resource-pulumi-python)

log() { printf '[install-pulumi] %s\n' "$*" >&2; }
die() { printf '[install-pulumi] ERROR: %s\n' "$*" >&2; exit 1; }

version_ge() { # version_ge A B: A >= B
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

complete_dir() { # every tool present and executable, and pulumi answers with the pinned version
  local dir="$1" t
  for t in "${TOOLS[@]}"; do [ -x "$dir/$t" ] || return 1; done
  [ "$("$dir/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

# 1. A suitable pulumi on PATH.
if [ "${BLAXEL_PULUMI_FORCE_BUILD:-0}" != "1" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-python >/dev/null 2>&1; then
  found="$(pulumi version 2>/dev/null || true)"
  found="${found#v}"
  if [ -n "$found" ] && version_ge "$found" "$PULUMI_MIN_VERSION"; then
    log "using pulumi v$found from PATH ($(command -v pulumi))"
    dirname "$(command -v pulumi)"
    exit 0
  fi
  log "pulumi on PATH is '${found:-unknown}', older than $PULUMI_MIN_VERSION: using a build of v$PULUMI_VERSION"
fi

# 2. A cached build.
if complete_dir "$BIN"; then
  log "using cached pulumi v$PULUMI_VERSION in $BIN"
  echo "$BIN"
  exit 0
fi

# 3. Build from the Go modules.
command -v go >/dev/null 2>&1 || die "no pulumi on PATH and no Go toolchain to build it: install the Pulumi CLI \
(https://www.pulumi.com/docs/install/) or Go 1.26+, then run this script again."
command -v flock >/dev/null 2>&1 || die "flock (util-linux) is needed to build safely; install it or install the Pulumi CLI."

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.pulumi-$PULUMI_VERSION.lock"
log "waiting for the build lock ($CACHE_ROOT/.pulumi-$PULUMI_VERSION.lock)"
flock 9
if complete_dir "$BIN"; then # built by a concurrent run while we waited
  log "using pulumi v$PULUMI_VERSION built by a concurrent run in $BIN"
  echo "$BIN"
  exit 0
fi

export GOWORK=off GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0
modcache="$(go env GOMODCACHE)"
before_kb="$(du -sk "$modcache/cache/download" 2>/dev/null | cut -f1 || echo 0)"
started="$(date +%s)"
work="$(mktemp -d "$CACHE_ROOT/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

moddir() { # moddir MODULE VERSION -> directory of the downloaded module
  local out
  out="$(cd "$work" && go mod download -json "$1@v$2")" || die "could not download $1@v$2 from the Go module proxy: $out"
  printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}

log "downloading github.com/pulumi/pulumi/{sdk,pkg}/v3@v$PULUMI_VERSION and sdk/v3@v$LANGHOST_VERSION"
sdk_dir="$(moddir github.com/pulumi/pulumi/sdk/v3 "$PULUMI_VERSION")"
pkg_dir="$(moddir github.com/pulumi/pulumi/pkg/v3 "$PULUMI_VERSION")"
lh_dir="$(moddir github.com/pulumi/pulumi/sdk/v3 "$LANGHOST_VERSION")"
[ -d "$sdk_dir" ] && [ -d "$pkg_dir" ] && [ -d "$lh_dir" ] || die "module download gave no directory"

# Lay the modules out as the upstream repository so the relative `replace ../sdk` lines resolve.
mkdir -p "$work/W" "$work/lh" "$work/bin"
cp -r "$sdk_dir" "$work/W/sdk"
cp -r "$pkg_dir" "$work/W/pkg"
cp -r "$lh_dir/." "$work/lh"
chmod -R u+w "$work/W" "$work/lh"

ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }

log "building pulumi v$PULUMI_VERSION (the first build takes about 4 minutes on 2 idle cores, 300 MiB of module downloads)"
(cd "$work/W/pkg" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$(ldflags "$PULUMI_VERSION")" \
  -o "$work/bin/pulumi" ./cmd/pulumi) >&2 || die "go build of the pulumi CLI failed (see above)"

log "building pulumi-language-python from sdk/v3@v$LANGHOST_VERSION"
(cd "$work/lh" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$(ldflags "$LANGHOST_VERSION")" \
  -o "$work/bin/pulumi-language-python" ./python/cmd/pulumi-language-python) >&2 \
  || die "go build of pulumi-language-python failed (see above)"

install -m 0755 "$work/W/sdk/python/cmd/pulumi-language-python-exec" "$work/bin/pulumi-language-python-exec"
install -m 0755 "$work/W/sdk/python/dist/pulumi-resource-pulumi-python" "$work/bin/pulumi-resource-pulumi-python"

[ "$("$work/bin/pulumi" version)" = "v$PULUMI_VERSION" ] || die "the built pulumi does not report v$PULUMI_VERSION"

rm -rf "$TARGET.tmp"
mkdir -p "$TARGET.tmp"
mv "$work/bin" "$TARGET.tmp/bin"
printf 'pulumi=v%s\nlanguage-host=v%s\nbuilt=%s\n' "$PULUMI_VERSION" "$LANGHOST_VERSION" "$(date -u +%FT%TZ)" \
  >"$TARGET.tmp/BUILD-INFO"
rm -rf "$TARGET"
mv "$TARGET.tmp" "$TARGET"

after_kb="$(du -sk "$modcache/cache/download" 2>/dev/null | cut -f1 || echo 0)"
log "built pulumi v$PULUMI_VERSION in $(( $(date +%s) - started )) s; module downloads: $(( (after_kb - before_kb) / 1024 )) MiB"
echo "$BIN"
