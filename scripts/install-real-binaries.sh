#!/usr/bin/env bash
# Installs the real IPFS Cluster and Kubo binaries the e2e tests run against, into a cache folder
# outside the repository, keyed by version, and reuses them when present.
# Kubo is v0.42.0: v0.43.1 replaces go-libp2p with a fork the module proxy does not serve.
# Prints the folder on the last line of stdout so callers can `export PATH=...`.
# With --check it only prints the folder when everything is already there (exit 1 otherwise).
set -euo pipefail

CLUSTER_VERSION="${IPFS_CLUSTER_VERSION:-v1.1.6}"
KUBO_VERSION="${KUBO_VERSION:-v0.42.0}"
CACHE_ROOT="${IPFS_CLUSTER_CONFIG_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipfs-cluster-config/bin}"
DIR="$CACHE_ROOT/cluster-$CLUSTER_VERSION-kubo-$KUBO_VERSION"

have_all() {
  for b in ipfs-cluster-service ipfs-cluster-follow ipfs-cluster-ctl ipfs; do
    [ -x "$DIR/$b" ] || return 1
  done
}

if have_all; then
  [ "${1:-}" = "--check" ] || echo "real binaries: reusing $DIR" >&2
  echo "$DIR"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "real binaries: not installed in $DIR (run: npm run real-binaries)" >&2
  exit 1
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-real-binaries: Go is not installed; the e2e tests need Go (https://go.dev/dl) to build ipfs-cluster $CLUSTER_VERSION and kubo $KUBO_VERSION" >&2
  exit 1
fi

mkdir -p "$DIR"
start=$(date +%s)

# `go install pkg@version` asks the proxy for the module's version list (deprecation check), which
# some proxies refuse; downloading the exact version and building inside it needs only that version.
build_from_module() {
  local module="$1" version="$2"; shift 2
  local dir tmp
  echo "real binaries: building $* from $module@$version (first build takes minutes)" >&2
  if ! dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || [ -z "$dir" ]; then
    echo "install-real-binaries: could not download $module@$version (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))" >&2
    exit 1
  fi
  # Build into a temp folder and move into place, so an interrupted build never leaves a half binary.
  tmp=$(mktemp -d "$DIR/.build.XXXXXX")
  if ! (cd "$dir" && GOFLAGS="-mod=readonly -buildvcs=false" go build -trimpath -o "$tmp/" "$@"); then
    rm -rf "$tmp"
    echo "install-real-binaries: building $module@$version failed" >&2
    exit 1
  fi
  mv "$tmp"/* "$DIR/"
  rm -rf "$tmp"
}

build_from_module github.com/ipfs-cluster/ipfs-cluster "$CLUSTER_VERSION" \
  ./cmd/ipfs-cluster-service ./cmd/ipfs-cluster-follow ./cmd/ipfs-cluster-ctl
build_from_module github.com/ipfs/kubo "$KUBO_VERSION" ./cmd/ipfs

have_all || { echo "install-real-binaries: build finished but binaries are missing from $DIR" >&2; exit 1; }
echo "real binaries: installed in $DIR in $(( $(date +%s) - start ))s" >&2
echo "$DIR"
