#!/usr/bin/env bash
# Downloads Apicurio Registry's Quarkus distribution (io.apicurio:apicurio-registry-app:<v>:tar.gz:all)
# from Maven Central and unpacks it into $APICURIO_HOME (cached).
set -euo pipefail
. "$(dirname "$0")/common.sh"

if [ -f "$APICURIO_HOME/quarkus-run.jar" ]; then say "apicurio $APICURIO_VERSION: cached in $APICURIO_HOME"; exit 0; fi
command -v mvn >/dev/null || die "apicurio $APICURIO_VERSION: Maven (mvn) is needed to fetch the registry from Maven Central"
started="$(now_ms)"
download="$SCHEMAKIT_CACHE/apicurio/download"
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
  -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" -DoutputDirectory="$download" 2>&1 | strip_colours >&2
archive="$download/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
[ -f "$archive" ] || die "apicurio $APICURIO_VERSION: $archive missing after fetch"
rm -rf "$APICURIO_HOME.partial"; mkdir -p "$APICURIO_HOME.partial"
tar -xzf "$archive" -C "$APICURIO_HOME.partial"
[ -f "$APICURIO_HOME.partial/quarkus-run.jar" ] || die "apicurio $APICURIO_VERSION: no quarkus-run.jar in $archive"
rm -rf "$APICURIO_HOME"; mv "$APICURIO_HOME.partial" "$APICURIO_HOME"
say "apicurio $APICURIO_VERSION: fetched $(du -h "$archive" | cut -f1) archive, $(du -sh "$APICURIO_HOME" | cut -f1) unpacked, in $(elapsed_s "$started") s"
rm -f "$archive"   # Maven keeps its own copy in the local repository
