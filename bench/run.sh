#!/usr/bin/env bash
# The benchmark, in one command (bench/README.md):
#   bench/run.sh            full run: 4 levels, SQLite and PostgreSQL, the two references (~12 min)
#   bench/run.sh --quick    ~15 s smoke: one level, SQLite, a small approval flow, no references
#   bench/run.sh --publish  also writes the results into docs/performance.md and docs/performance.png
# Builds what it needs first (the bot's jar, the Java reference, the Node dependencies) when missing
# or older than their sources (BENCH_REBUILD=1: always), and installs wrk, gnuplot and PostgreSQL
# from Debian when they are missing (as root). Results: bench/target/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
references=true
postgres=true
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true; references=false; postgres=false ;;
    --no-references) references=false ;;
    --references) references=true ;;
  esac
done
if [[ " $* " == *" --stores "* && " $* " != *postgresql* ]]; then postgres=false; fi

apt_updated=false
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "bench: $* missing; install it (Debian: apt-get install $*) or run as root" >&2
    exit 1
  fi
  if ! $apt_updated; then apt-get update -qq; apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
command -v wrk >/dev/null || apt_install wrk
if ! $quick; then command -v gnuplot >/dev/null || apt_install gnuplot-nox; fi
if $postgres && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi

# stale TARGET SOURCE...: TARGET is missing, or a file under a SOURCE is newer.
stale() {
  [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -e "$1" ] || [ -n "$(find "${@:2}" -type f -newer "$1" -print -quit)" ]
}
if stale target/quarkus-app/quarkus-run.jar pom.xml src/main; then
  ./mvnw -B package -DskipTests
fi
if $references; then
  if stale bench/reference/bolt-java/target/bolt-jetty-reference-1.jar bench/reference/bolt-java/pom.xml bench/reference/bolt-java/src; then
    ./mvnw -B -q -f bench/reference/bolt-java/pom.xml package
  fi
  if stale bench/node_modules/.package-lock.json bench/package.json bench/package-lock.json; then
    (cd bench && npm ci --no-audit --no-fund)
  fi
fi

exec node bench/harness.js "$@"
