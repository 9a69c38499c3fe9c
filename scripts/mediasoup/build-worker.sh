#!/usr/bin/env bash
# Build (or reuse) a mediasoup-worker binary without GitHub access.
#
# Usage:
#   scripts/mediasoup/build-worker.sh [MEDIASOUP_VERSION]      (default 3.27.1)
#   WORKER_BIN="$(scripts/mediasoup/build-worker.sh)"
#   export MEDIASOUP_WORKER_BIN="$WORKER_BIN"
#
# stdout carries exactly one line: the absolute path of the worker binary.
# Everything else goes to stderr and to a log file in the cache directory.
#
# Result: ${FOYER_CACHE_DIR:-$HOME/.cache/foyer}/mediasoup-worker-<version>/mediasoup-worker
# (suffix "-builtin-bwe" on the directory when FOYER_MS_BUILTIN_BWE=1).
#
# Sources come only from the npm registry (npm pack mediasoup@<version>, which
# contains worker/) and Debian's archive (build dependencies via apt-get, the
# libsrtp2 source package via a private apt-get source configuration). The
# subprojects mediasoup would download are replaced by the shims in
# scripts/mediasoup/shims/ that forward to Debian's libraries; libsrtp 3.x is
# provided by our compatibility layer over a static libsrtp 2.x with OpenSSL.
# One source patch is applied to mediasoup (patches/dtls-ktls-bio-callback.pl):
# without it the worker crashes on the first DTLS handshake with Debian's
# KTLS-enabled OpenSSL.
#
# A cached binary is reused only if it starts and its BUILD-INFO records the
# same build recipe (RECIPE below); bump RECIPE when the build changes.
#
# Environment (all optional):
#   FOYER_MEDIASOUP_VERSION  version when no argument is given (default 3.27.1)
#   FOYER_CACHE_DIR          cache root (default $HOME/.cache/foyer)
#   FOYER_MS_FORCE_REBUILD=1 rebuild even if a working cached binary exists
#   FOYER_MS_BUILTIN_BWE=1   build with -Dms_use_builtin_bwe=true (no abseil /
#                            libwebrtc; note: in 3.27 that module is mostly
#                            TODO stubs, i.e. no transport-cc/REMB estimation)
#   FOYER_MS_STATIC=0        link Debian's libraries dynamically (default: static,
#                            so the binary needs only libc/libstdc++)
#   FOYER_SKIP_APT=1         do not install Debian packages (must be present)
#   FOYER_DEBIAN_MIRROR      e.g. http://deb.debian.org/debian (default: taken
#                            from the system's apt sources, else deb.debian.org)
#   FOYER_DEBIAN_SECURITY_MIRROR  default http://deb.debian.org/debian-security
#   FOYER_DEBIAN_SUITE       default: bookworm (from /etc/os-release)
#   FOYER_MESON_SPEC         pip requirement for meson (default "meson>=1.1.0")
#   FOYER_KEEP_BUILD=1       keep the temporary build directory
#   JOBS                     parallel compile jobs (default: nproc)

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RECIPE="foyer-1"
SHIMS_DIR="$SCRIPT_DIR/shims"

MS_VERSION="${1:-${FOYER_MEDIASOUP_VERSION:-3.27.1}}"
CACHE_DIR="${FOYER_CACHE_DIR:-${HOME:-/root}/.cache/foyer}"
BUILTIN_BWE="${FOYER_MS_BUILTIN_BWE:-0}"
STATIC_LINK="${FOYER_MS_STATIC:-1}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
MESON_SPEC="${FOYER_MESON_SPEC:-meson>=1.1.0}"

if [[ ! "$MS_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?$ ]]; then
	echo "build-worker.sh: invalid mediasoup version '$MS_VERSION' (expected e.g. 3.27.1)" >&2
	exit 2
fi

VARIANT_SUFFIX=""
if [[ "$BUILTIN_BWE" == "1" ]]; then
	VARIANT_SUFFIX="-builtin-bwe"
fi
if [[ "$STATIC_LINK" != "1" ]]; then
	VARIANT_SUFFIX="$VARIANT_SUFFIX-dynamic"
fi

DEST_DIR="$CACHE_DIR/mediasoup-worker-$MS_VERSION$VARIANT_SUFFIX"
DEST_BIN="$DEST_DIR/mediasoup-worker"
LOG_DIR="$CACHE_DIR/logs"
LOG_FILE="$LOG_DIR/mediasoup-worker-$MS_VERSION$VARIANT_SUFFIX.log"
VENV_DIR="$CACHE_DIR/meson-venv"

say() { echo "build-worker: $*" >&2; }

die() {
	say "ERROR: $*"
	exit 1
}

# A working worker binary refuses to run without MEDIASOUP_VERSION and exits
# with code 41 ("you don't seem to be my real father!"). That proves the
# binary loads (all shared libraries resolve) and reaches main().
worker_sane() {
	local bin="$1" rc=0
	[[ -x "$bin" ]] || return 1
	if [[ "${2:-}" == "cached" ]]; then
		grep -qx "recipe=$RECIPE" "$(dirname "$bin")/BUILD-INFO" 2>/dev/null || return 1
	fi
	timeout 20 env -u MEDIASOUP_VERSION "$bin" </dev/null >/dev/null 2>&1 || rc=$?
	[[ "$rc" == "41" ]]
}

# ---------------------------------------------------------------------------
# 1. Cached binary?
# ---------------------------------------------------------------------------
if [[ "${FOYER_MS_FORCE_REBUILD:-0}" != "1" ]] && worker_sane "$DEST_BIN" cached; then
	say "using cached worker for mediasoup $MS_VERSION"
	echo "$DEST_BIN"
	exit 0
fi

mkdir -p "$CACHE_DIR" "$LOG_DIR" "$CACHE_DIR/tmp" || die "cannot create cache directory $CACHE_DIR"

# Serialise concurrent runs for the same version; the second one then finds
# the binary the first one produced.
LOCK_FILE="$CACHE_DIR/.mediasoup-worker-$MS_VERSION$VARIANT_SUFFIX.lock"
if command -v flock >/dev/null 2>&1; then
	exec 9>"$LOCK_FILE"
	if ! flock -n 9; then
		say "another build of mediasoup-worker $MS_VERSION is running; waiting for it"
		flock 9
	fi
	if [[ "${FOYER_MS_FORCE_REBUILD:-0}" != "1" ]] && worker_sane "$DEST_BIN" cached; then
		say "using cached worker for mediasoup $MS_VERSION"
		echo "$DEST_BIN"
		exit 0
	fi
fi

: >"$LOG_FILE"
START_TIME=$SECONDS
WORK_DIR=""
CURRENT_STEP="starting"

on_exit() {
	local rc=$?
	if [[ "$rc" != "0" ]]; then
		{
			echo
			echo "build-worker: FAILED during: $CURRENT_STEP (exit code $rc)"
			echo "build-worker: last lines of $LOG_FILE:"
			echo "------------------------------------------------------------------"
			tail -n 60 "$LOG_FILE" 2>/dev/null || true
			echo "------------------------------------------------------------------"
			echo "build-worker: full log: $LOG_FILE"
			if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
				echo "build-worker: build directory kept for inspection: $WORK_DIR"
			fi
		} >&2
	elif [[ -n "$WORK_DIR" && -d "$WORK_DIR" && "${FOYER_KEEP_BUILD:-0}" != "1" ]]; then
		rm -rf "$WORK_DIR"
	fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a command with its output going to the log file only.
step() {
	CURRENT_STEP="$1"
	shift
	say "$CURRENT_STEP"
	{
		echo
		echo "=== $(date -u +%FT%TZ) $CURRENT_STEP"
		echo "+ $*"
	} >>"$LOG_FILE"
	"$@" >>"$LOG_FILE" 2>&1
}

say "building mediasoup-worker $MS_VERSION (log: $LOG_FILE)"

# ---------------------------------------------------------------------------
# 2. Debian packages
# ---------------------------------------------------------------------------
APT_PACKAGES=(
	build-essential pkg-config ca-certificates xz-utils
	python3 python3-venv python3-pip
	dpkg-dev
	libuv1-dev libssl-dev libflatbuffers-dev flatbuffers-compiler
)
if [[ "$BUILTIN_BWE" != "1" ]]; then
	APT_PACKAGES+=(libabsl-dev)
fi

missing_packages() {
	local pkg status
	for pkg in "${APT_PACKAGES[@]}"; do
		status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
		if [[ "$status" != ii* ]]; then
			echo "$pkg"
		fi
	done
}

command -v dpkg-query >/dev/null 2>&1 || die "this script needs a Debian-based system (dpkg-query not found)"

mapfile -t MISSING < <(missing_packages)
if ((${#MISSING[@]} > 0)); then
	if [[ "${FOYER_SKIP_APT:-0}" == "1" ]]; then
		die "missing Debian packages (FOYER_SKIP_APT=1 set): ${MISSING[*]}"
	fi
	if [[ "$(id -u)" != "0" ]]; then
		die "missing Debian packages: ${MISSING[*]} -- run as root or install them first: apt-get install ${MISSING[*]}"
	fi
	export DEBIAN_FRONTEND=noninteractive
	step "apt-get update" apt-get update
	step "apt-get install ${MISSING[*]}" apt-get install -y --no-install-recommends "${MISSING[@]}"
fi

for tool in npm node cc c++ flatc pkg-config tar python3 perl; do
	command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found on PATH"
done

# ---------------------------------------------------------------------------
# 3. meson >= 1.1 and ninja from pip, in a venv in the cache
# ---------------------------------------------------------------------------
meson_ok() {
	[[ -x "$VENV_DIR/bin/meson" && -x "$VENV_DIR/bin/ninja" ]] || return 1
	"$VENV_DIR/bin/python" - <<'EOF' >/dev/null 2>&1
import subprocess, sys
out = subprocess.run([sys.prefix + "/bin/meson", "--version"], capture_output=True, text=True, check=True).stdout.strip()
parts = [int(p) for p in out.split(".")[:2]]
sys.exit(0 if parts >= [1, 1] else 1)
EOF
}

if ! meson_ok; then
	rm -rf "$VENV_DIR"
	step "creating Python venv for meson/ninja in $VENV_DIR" python3 -m venv "$VENV_DIR"
	step "pip install '$MESON_SPEC' ninja" "$VENV_DIR/bin/python" -m pip install --disable-pip-version-check "$MESON_SPEC" ninja
	meson_ok || die "meson >= 1.1 / ninja not usable from $VENV_DIR (see $LOG_FILE)"
fi
MESON="$VENV_DIR/bin/meson"
export PATH="$VENV_DIR/bin:$PATH"
say "meson $("$MESON" --version), ninja $(ninja --version)"

# ---------------------------------------------------------------------------
# 4. mediasoup sources from the npm registry
# ---------------------------------------------------------------------------
WORK_DIR="$(mktemp -d "$CACHE_DIR/tmp/mediasoup-worker-$MS_VERSION.XXXXXX")"

mkdir -p "$WORK_DIR/npm"
# shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
step "npm pack mediasoup@$MS_VERSION" \
	bash -c 'cd "$1" && npm pack --loglevel=warn "mediasoup@$2"' _ "$WORK_DIR/npm" "$MS_VERSION"
shopt -s nullglob
TARBALLS=("$WORK_DIR"/npm/mediasoup-*.tgz)
shopt -u nullglob
((${#TARBALLS[@]} == 1)) || die "npm pack did not produce a mediasoup tarball in $WORK_DIR/npm"
step "unpacking ${TARBALLS[0]##*/}" tar -xzf "${TARBALLS[0]}" -C "$WORK_DIR/npm"

MS_DIR="$WORK_DIR/npm/package"
WORKER_SRC="$MS_DIR/worker"
[[ -f "$WORKER_SRC/meson.build" && -d "$WORKER_SRC/subprojects" ]] ||
	die "the mediasoup $MS_VERSION npm package has no worker/meson.build (layout changed?)"
PKG_VERSION="$(node -p 'require(process.argv[1]).version' "$MS_DIR/package.json")"
[[ "$PKG_VERSION" == "$MS_VERSION" ]] || die "npm returned mediasoup $PKG_VERSION, expected $MS_VERSION"

# Debian's OpenSSL is built with kernel-TLS support; mediasoup's DTLS BIO
# callback then makes libssl believe KTLS is active and the worker crashes on
# the first DTLS handshake write. See patches/dtls-ktls-bio-callback.pl.
DTLS_SRC="$WORKER_SRC/src/RTC/DtlsTransport.cpp"
[[ -f "$DTLS_SRC" ]] || die "mediasoup $MS_VERSION has no worker/src/RTC/DtlsTransport.cpp (layout changed?)"
if grep -q "onSslBioOut" "$DTLS_SRC" && ! grep -q "BIO_CTRL_GET_KTLS" "$DTLS_SRC"; then
	step "patching DtlsTransport.cpp for KTLS-enabled OpenSSL" \
		perl "$SCRIPT_DIR/patches/dtls-ktls-bio-callback.pl" "$DTLS_SRC" ||
		die "could not apply patches/dtls-ktls-bio-callback.pl to mediasoup $MS_VERSION; without it WebRtcTransport DTLS crashes with Debian's OpenSSL -- adapt the patch"
fi

# ---------------------------------------------------------------------------
# 5. libsrtp 2.x source from Debian, built statically with OpenSSL
# ---------------------------------------------------------------------------
SUITE="${FOYER_DEBIAN_SUITE:-}"
if [[ -z "$SUITE" ]]; then
	# shellcheck disable=SC1091
	SUITE="$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")"
	SUITE="${SUITE:-bookworm}"
fi

MIRROR="${FOYER_DEBIAN_MIRROR:-}"
if [[ -z "$MIRROR" ]]; then
	# First "debian" (not security) URI of the system's own sources, if any.
	MIRROR="$(
		{
			cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
			cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
				sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p'
		} | grep -E '^(https?|file)://.*/debian/?$' | head -n 1 || true
	)"
	MIRROR="${MIRROR:-http://deb.debian.org/debian}"
fi
MIRROR="${MIRROR%/}"
SECURITY_MIRROR="${FOYER_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"
SIGNED_BY=""
[[ -f "$KEYRING" ]] && SIGNED_BY="[signed-by=$KEYRING] "

APT_DIR="$WORK_DIR/apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$WORK_DIR/srtp-src"
cat >"$APT_DIR/sources.list" <<EOF
deb-src ${SIGNED_BY}$MIRROR $SUITE main
deb-src ${SIGNED_BY}$MIRROR $SUITE-updates main
deb-src ${SIGNED_BY}$SECURITY_MIRROR $SUITE-security main
EOF
# Private sources, lists and caches: the system's apt configuration and state
# are neither read for sources nor modified.
APT_OPTS=(
	-o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
	-o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$APT_DIR/lists"
	-o "Dir::Cache=$APT_DIR/cache"
	-o "Dir::Cache::pkgcache="
	-o "Dir::Cache::srcpkgcache="
	-o "APT::Get::List-Cleanup=0"
	-o "APT::Sandbox::User=root"
	-o "Debug::NoLocking=1"
)
step "apt-get update (private deb-src config for $SUITE at $MIRROR)" apt-get "${APT_OPTS[@]}" update
# shellcheck disable=SC2016 # $1/$@ are expanded by the inner bash
step "apt-get source libsrtp2" \
	bash -c 'cd "$1" && shift && apt-get "$@" source libsrtp2' _ "$WORK_DIR/srtp-src" "${APT_OPTS[@]}"

shopt -s nullglob
SRTP_DIRS=("$WORK_DIR"/srtp-src/libsrtp2-*/)
shopt -u nullglob
((${#SRTP_DIRS[@]} == 1)) || die "apt-get source libsrtp2 did not produce one source directory"
SRTP_SRC="${SRTP_DIRS[0]%/}"
[[ -f "$SRTP_SRC/meson.build" && -f "$SRTP_SRC/include/srtp.h" ]] ||
	die "unexpected libsrtp2 source layout in $SRTP_SRC"
SRTP_PREFIX="$WORK_DIR/srtp2-prefix"

step "configuring libsrtp2 (${SRTP_SRC##*/}, static, OpenSSL)" \
	"$MESON" setup "$WORK_DIR/srtp2-build" "$SRTP_SRC" \
	--prefix "$SRTP_PREFIX" --libdir lib --includedir include \
	--buildtype release -Db_staticpic=true --default-library static \
	-Dcrypto-library=openssl -Dcrypto-library-kdf=disabled \
	-Dtests=disabled -Dpcap-tests=disabled -Ddoc=disabled
step "building libsrtp2" ninja -C "$WORK_DIR/srtp2-build" -j "$JOBS"
step "installing libsrtp2 into $SRTP_PREFIX" "$MESON" install -C "$WORK_DIR/srtp2-build" --quiet
[[ -f "$SRTP_PREFIX/lib/libsrtp2.a" && -f "$SRTP_PREFIX/include/srtp2/srtp.h" ]] ||
	die "libsrtp2 build did not produce lib/libsrtp2.a and include/srtp2/srtp.h"
grep -q "OPENSSL" "$WORK_DIR/srtp2-build/config.h" ||
	die "libsrtp2 was not configured with OpenSSL (GCM suites would be missing)"

# ---------------------------------------------------------------------------
# 6. Subproject shims (directory names from the .wrap files)
# ---------------------------------------------------------------------------
wrap_directory() {
	local wrap="$WORKER_SRC/subprojects/$1.wrap" dir
	[[ -f "$wrap" ]] || die "mediasoup $MS_VERSION has no subprojects/$1.wrap (layout changed?)"
	dir="$(sed -n 's/^[[:space:]]*directory[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$wrap" | head -n 1)"
	[[ -n "$dir" ]] || die "no 'directory =' line in $wrap"
	echo "$dir"
}

install_shim() {
	local wrap_name="$1" shim="$2" dir
	dir="$(wrap_directory "$wrap_name")"
	rm -rf "${WORKER_SRC:?}/subprojects/$dir"
	cp -R "$SHIMS_DIR/$shim" "$WORKER_SRC/subprojects/$dir"
	cp "$SHIMS_DIR/stub.c" "$WORKER_SRC/subprojects/$dir/stub.c"
	echo "shim $shim -> subprojects/$dir" >>"$LOG_FILE"
	LAST_SHIM_DIR="$WORKER_SRC/subprojects/$dir"
}

CURRENT_STEP="installing subproject shims"
say "$CURRENT_STEP"
install_shim libuv libuv
install_shim openssl openssl
install_shim flatbuffers flatbuffers
install_shim unordered-dense unordered_dense
install_shim libsrtp3 libsrtp3
mkdir -p "$LAST_SHIM_DIR/srtp2"
cp -R "$SRTP_PREFIX/include" "$SRTP_PREFIX/lib" "$LAST_SHIM_DIR/srtp2/"
if [[ "$BUILTIN_BWE" != "1" ]]; then
	install_shim abseil-cpp abseil
fi

# ---------------------------------------------------------------------------
# 7. Configure and build the worker
# ---------------------------------------------------------------------------
MESON_ARGS=(
	--buildtype release -Db_ndebug=true
	--wrap-mode=nodownload
	"-Dms_use_builtin_bwe=$([[ "$BUILTIN_BWE" == "1" ]] && echo true || echo false)"
)
if [[ "$STATIC_LINK" == "1" ]]; then
	MESON_ARGS+=(-Dprefer_static=true)
fi
BUILD_DIR="$WORK_DIR/build"

step "configuring mediasoup worker (meson ${MESON_ARGS[*]})" \
	"$MESON" setup "$BUILD_DIR" "$WORKER_SRC" "${MESON_ARGS[@]}"
say "compiling mediasoup-worker with $JOBS jobs (about 8 minutes on 2 cores)"
step "compiling mediasoup-worker" ninja -C "$BUILD_DIR" -j "$JOBS" mediasoup-worker
BUILT_BIN="$BUILD_DIR/mediasoup-worker"
[[ -x "$BUILT_BIN" ]] || die "ninja finished but $BUILT_BIN is missing"

CURRENT_STEP="checking the built binary"
if ldd "$BUILT_BIN" 2>/dev/null | grep -q "not found"; then
	ldd "$BUILT_BIN" >>"$LOG_FILE" 2>&1 || true
	die "the built worker has unresolved shared libraries (see $LOG_FILE)"
fi
worker_sane "$BUILT_BIN" || die "the built worker does not start (expected exit code 41 without MEDIASOUP_VERSION)"
{
	echo "=== ldd $BUILT_BIN"
	ldd "$BUILT_BIN" || true
} >>"$LOG_FILE" 2>&1

# ---------------------------------------------------------------------------
# 8. Install into the cache atomically
# ---------------------------------------------------------------------------
CURRENT_STEP="installing into $DEST_DIR"
mkdir -p "$DEST_DIR"
TMP_BIN="$DEST_DIR/.mediasoup-worker.tmp.$$"
cp "$BUILT_BIN" "$TMP_BIN"
chmod 0755 "$TMP_BIN"
mv -f "$TMP_BIN" "$DEST_BIN"
{
	echo "recipe=$RECIPE"
	echo "mediasoup_version=$MS_VERSION"
	echo "patches=dtls-ktls-bio-callback"
	echo "built_at=$(date -u +%FT%TZ)"
	echo "builtin_bwe=$BUILTIN_BWE"
	echo "static=$STATIC_LINK"
	echo "libsrtp2_source=${SRTP_SRC##*/} (Debian, OpenSSL backend, libsrtp3 API via Foyer compat layer)"
	echo "meson=$("$MESON" --version) ninja=$(ninja --version)"
	echo "debian_packages=$(dpkg-query -W -f='${Package}=${Version} ' libuv1-dev libssl-dev libflatbuffers-dev flatbuffers-compiler 2>/dev/null)"
	if [[ "$BUILTIN_BWE" != "1" ]]; then
		echo "abseil=$(dpkg-query -W -f='${Version}' libabsl-dev 2>/dev/null)"
	fi
	echo "build_seconds=$((SECONDS - START_TIME))"
} >"$DEST_DIR/BUILD-INFO.tmp.$$"
mv -f "$DEST_DIR/BUILD-INFO.tmp.$$" "$DEST_DIR/BUILD-INFO"

CURRENT_STEP="done"
say "built in $((SECONDS - START_TIME)) s: $DEST_BIN"
echo "$DEST_BIN"
