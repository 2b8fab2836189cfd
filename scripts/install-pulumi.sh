#!/usr/bin/env bash
# Make a working `pulumi` CLI (with the Python, YAML, Node.js and Go language hosts and the dynamic-provider
# plugin) available, and print the directory to put on PATH as the only line on stdout. Progress goes to stderr.
#
# Order:
#   1. a `pulumi` already on PATH whose version is at least PULUMI_MIN_VERSION, together with
#      `pulumi-language-python`, `pulumi-language-yaml`, `pulumi-language-nodejs` and `pulumi-language-go` on
#      PATH (an official install ships all four), is used as is;
#   2. otherwise a cached build in ${XDG_CACHE_HOME:-$HOME/.cache}/blaxel-pulumi/pulumi-<version>/bin is reused;
#   3. otherwise the CLI is built from the Go modules served by the Go module proxy and cached there.
# The YAML, Node.js and Go language hosts are then added to that cached directory if they are missing or of
# another version (BUILD-INFO records them), so a cache made before they were added gains them without
# rebuilding the CLI. A host that cannot be built fails the script: the e2e suite needs all four.
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
#
# The YAML language host is the tagged module github.com/pulumi/pulumi-yaml (no relative replace lines,
# so a plain `go install module@version` builds it, ~1 min with a warm module cache).
# The Node.js language host has the same problem as the Python one (its own untagged module since v3.69.0,
# refused by the module proxy), and the same answer: sdk/v3@v3.68.0 is the last tagged module that
# contains it (./nodejs/cmd/pulumi-language-nodejs). It starts `node .../@pulumi/pulumi/cmd/run` from the
# program's node_modules and speaks the LanguageRuntime gRPC protocol; the tests run it with
# @pulumi/pulumi from npm and this CLI version.
# The Go language host, likewise, has been its own module (sdk/go/pulumi-language-go/v3, untagged) since
# v3.67.0: sdk/v3@v3.66.0 is the last tagged module that contains it (./go/pulumi-language-go). It runs
# `go build` on the program (whose go.mod names the pulumi Go SDK it uses, this CLI's version in the tests)
# and speaks the same LanguageRuntime protocol.
set -euo pipefail

PULUMI_VERSION="${BLAXEL_PULUMI_VERSION:-3.274.1}"
LANGHOST_VERSION="3.79.0"
YAML_VERSION="${BLAXEL_PULUMI_YAML_VERSION:-1.25.0}"
NODEJS_HOST_VERSION="3.68.0"
GO_HOST_VERSION="3.66.0"
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

host_ok() { # host_ok NAME VERSION: $BIN/pulumi-language-NAME built from VERSION (recorded in BUILD-INFO)
  [ -x "$BIN/pulumi-language-$1" ] && grep -qx "language-$1=v$2" "$TARGET/BUILD-INFO" 2>/dev/null
}

need_build_tools() {
  command -v go >/dev/null 2>&1 || die "no Go toolchain to build $1: install the Pulumi CLI \
(https://www.pulumi.com/docs/install/), which ships it, or Go 1.26+, then run this script again."
  command -v flock >/dev/null 2>&1 || die "flock (util-linux) is needed to build safely; install it or install the Pulumi CLI."
}

lock_cache() { # take the build lock of this CLI version (held until the script exits)
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.pulumi-$PULUMI_VERSION.lock"
  log "waiting for the build lock ($CACHE_ROOT/.pulumi-$PULUMI_VERSION.lock)"
  flock 9
}

go_env() { export GOWORK=off GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0; }

moddir() { # moddir MODULE VERSION -> directory of the downloaded module (run outside any module)
  local out tmp
  tmp="$(mktemp -d)"
  out="$(cd "$tmp" && go mod download -json "$1@v$2")" || { rm -rf "$tmp"; die "could not download $1@v$2 from the Go module proxy: $out"; }
  rm -rf "$tmp"
  printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}

record_host() { # record_host NAME VERSION BINARY: install BINARY as $BIN/pulumi-language-NAME, note it in BUILD-INFO
  install -m 0755 "$3" "$BIN/.pulumi-language-$1.tmp"
  mv -f "$BIN/.pulumi-language-$1.tmp" "$BIN/pulumi-language-$1"
  { grep -v "^language-$1=" "$TARGET/BUILD-INFO" 2>/dev/null || true; echo "language-$1=v$2"; } >"$TARGET/BUILD-INFO.tmp"
  mv -f "$TARGET/BUILD-INFO.tmp" "$TARGET/BUILD-INFO"
}

build_yaml_host() { # the tagged module has no relative replace lines: `go install module@version` builds it
  local out started
  out="$(mktemp -d)"; started="$(date +%s)"
  log "building pulumi-language-yaml v$YAML_VERSION from github.com/pulumi/pulumi-yaml (about 1 min with a warm module cache)"
  (cd "$out" && GOBIN="$out/bin" go install -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML_VERSION") >&2 \
    || { rm -rf "$out"; die "go build of pulumi-language-yaml v$YAML_VERSION failed (see above): YAML programs and their e2e tests need it"; }
  record_host yaml "$YAML_VERSION" "$out/bin/pulumi-language-yaml"
  rm -rf "$out"
  log "built pulumi-language-yaml v$YAML_VERSION in $(( $(date +%s) - started )) s"
}

build_nodejs_host() { # from the last tagged sdk/v3 module that contains it, built in a writable copy
  local src out started
  out="$(mktemp -d)"; started="$(date +%s)"
  log "building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@v$NODEJS_HOST_VERSION"
  src="$(moddir github.com/pulumi/pulumi/sdk/v3 "$NODEJS_HOST_VERSION")"
  [ -d "$src/nodejs/cmd/pulumi-language-nodejs" ] || { rm -rf "$out"; die "sdk/v3@v$NODEJS_HOST_VERSION has no nodejs/cmd/pulumi-language-nodejs"; }
  cp -r "$src/." "$out/src"; chmod -R u+w "$out/src"
  (cd "$out/src" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$NODEJS_HOST_VERSION" \
    -o "$out/pulumi-language-nodejs" ./nodejs/cmd/pulumi-language-nodejs) >&2 \
    || { chmod -R u+w "$out"; rm -rf "$out"; die "go build of pulumi-language-nodejs v$NODEJS_HOST_VERSION failed (see above): TypeScript programs and their e2e tests need it"; }
  record_host nodejs "$NODEJS_HOST_VERSION" "$out/pulumi-language-nodejs"
  chmod -R u+w "$out"; rm -rf "$out"
  log "built pulumi-language-nodejs v$NODEJS_HOST_VERSION in $(( $(date +%s) - started )) s"
}

build_go_host() { # from the last tagged sdk/v3 module that contains it, built in a writable copy
  local src out started
  out="$(mktemp -d)"; started="$(date +%s)"
  log "building pulumi-language-go from github.com/pulumi/pulumi/sdk/v3@v$GO_HOST_VERSION"
  src="$(moddir github.com/pulumi/pulumi/sdk/v3 "$GO_HOST_VERSION")"
  [ -d "$src/go/pulumi-language-go" ] || { rm -rf "$out"; die "sdk/v3@v$GO_HOST_VERSION has no go/pulumi-language-go"; }
  cp -r "$src/." "$out/src"; chmod -R u+w "$out/src"
  (cd "$out/src" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$GO_HOST_VERSION" \
    -o "$out/pulumi-language-go" ./go/pulumi-language-go) >&2 \
    || { chmod -R u+w "$out"; rm -rf "$out"; die "go build of pulumi-language-go v$GO_HOST_VERSION failed (see above): Go programs and their e2e tests need it"; }
  record_host go "$GO_HOST_VERSION" "$out/pulumi-language-go"
  chmod -R u+w "$out"; rm -rf "$out"
  log "built pulumi-language-go v$GO_HOST_VERSION in $(( $(date +%s) - started )) s"
}

finish() { # add the YAML, Node.js and Go hosts to the cached directory if missing, print it, and stop
  if ! host_ok yaml "$YAML_VERSION" || ! host_ok nodejs "$NODEJS_HOST_VERSION" || ! host_ok go "$GO_HOST_VERSION"; then
    need_build_tools "the YAML, Node.js and Go language hosts"
    lock_cache
    go_env
    host_ok yaml "$YAML_VERSION" || build_yaml_host
    host_ok nodejs "$NODEJS_HOST_VERSION" || build_nodejs_host
    host_ok go "$GO_HOST_VERSION" || build_go_host
  fi
  echo "$BIN"
  exit 0
}

# 1. A suitable pulumi on PATH.
if [ "${BLAXEL_PULUMI_FORCE_BUILD:-0}" != "1" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-python >/dev/null 2>&1 && command -v pulumi-language-yaml >/dev/null 2>&1 \
  && command -v pulumi-language-nodejs >/dev/null 2>&1 && command -v pulumi-language-go >/dev/null 2>&1; then
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
  finish
fi

# 3. Build from the Go modules.
need_build_tools "the pulumi CLI (no pulumi on PATH)"
lock_cache
if complete_dir "$BIN"; then # built by a concurrent run while we waited
  log "using pulumi v$PULUMI_VERSION built by a concurrent run in $BIN"
  finish
fi

go_env
modcache="$(go env GOMODCACHE)"
before_kb="$(du -sk "$modcache/cache/download" 2>/dev/null | cut -f1 || echo 0)"
started="$(date +%s)"
work="$(mktemp -d "$CACHE_ROOT/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

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
finish
