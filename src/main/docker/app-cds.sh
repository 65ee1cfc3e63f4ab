#!/bin/bash
# Writes the bot's class cache for the JVM that runs this script: on JDK 25 and later the AOT cache
# (JEP 483 and 514: classes already loaded and linked, and method profiles), on older JDKs a dynamic
# AppCDS archive (JDK 17: classes parsed and verified). It starts the bot once with placeholder
# settings on loopback, waits until it has started and answered a health probe, and stops it; at
# exit the JVM writes what the run loaded to the cache. A JVM started with -XX:AOTCache=<cache>
# (JDK 25) or -XX:SharedArchiveFile=<archive> (JDK 17) then maps those classes instead of loading
# them again (docs/performance.md, items 5 and 17).
#
#   src/main/docker/app-cds.sh CACHE QUARKUS_APP_DIR
#
# Run it with the java and the JVM options (JAVA_TOOL_OPTIONS) that will run the bot: a cache is
# only used by the same JVM build, with a compatible garbage collector and the same class path, and
# is ignored otherwise (with a warning). The application must be an aot-jar package (every jar on the
# JVM's class path): classes of Quarkus's own class loader cannot be taken from a cache.
# Dockerfile.jvm runs it while building the image; bench/run.sh runs it before measuring. Nothing of
# the training run is kept but the cache (class metadata and the JDK's own objects): no setting,
# token or store reaches the image.
set -euo pipefail

cache=$1
app=$2
work=$(mktemp -d)
http_port=${APP_CDS_HTTP_PORT:-18080}
management_port=${APP_CDS_MANAGEMENT_PORT:-19000}
trap 'rm -rf "$work"' EXIT

feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature%%.*}" -ge 25 ] 2>/dev/null; then
    # One step (JEP 514): the JVM records the run and, at exit, assembles the cache.
    cache_option="-XX:AOTCacheOutput=$cache"
else
    cache_option="-XX:ArchiveClassesAtExit=$cache"
fi

# Placeholders only: Slack and SDX point at the discard port, where nothing answers; the bot keeps
# retrying its Slack check in the background, which does not stop it from starting.
env SLACK_BOT_TOKEN=xoxb-app-cds-training SLACK_SIGNING_SECRET=app-cds-training \
    SLACK_API_URL=http://127.0.0.1:9/api/ SDX_API_URL=http://127.0.0.1:9 SDX_API_TOKEN=app-cds-training \
    SDX_APPROVERS=U0APPCDS01 SDX_PUBLIC_URL="http://127.0.0.1:${http_port}" SDX_DATA_DIR="$work" \
    SDX_DB_URL= QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$http_port" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$management_port" \
    java "$cache_option" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work" -jar "$app/quarkus-run.jar" >"$work/log" 2>&1 &
pid=$!

started=false
for _ in $(seq 1 600); do
    if grep -q 'started in' "$work/log"; then started=true; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ "$started" = true ]; then
    # One request through the management interface, with bash's /dev/tcp (no curl in the image).
    exec 3<>"/dev/tcp/127.0.0.1/${management_port}"
    printf 'GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    head -1 <&3 >/dev/null || true
    exec 3>&-
fi
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" || true

if [ "$started" != true ] || [ ! -s "$cache" ]; then
    echo "app-cds.sh: no cache written; the training run's log:" >&2
    grep -v -i 'token\|secret' "$work/log" | tail -20 >&2
    exit 1
fi
echo "app-cds.sh: wrote $cache ($(du -h "$cache" | cut -f1))"
