#!/bin/sh
# Installs the Debian packages a make target needs, only those missing, with
# one 'apt-get update' first. Usage: scripts/deps.sh build|test|bench
set -eu

build="gcc make pkg-config libarchive-dev zlib1g-dev libxxhash-dev libisal-dev libxml2-dev"
test="$build python3 clang libclang-rt-14-dev tar gzip bzip2 xz-utils zstd lz4 zip cpio p7zip-full libarchive-tools"
bench="$test isal gnuplot-nox hyperfine simhash time html2text"

case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "installing missing packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root: please install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
