#!/usr/bin/env bash
# Resolves the Apache Kafka broker's runtime classpath from Maven Central into $KAFKA_HOME/libs (cached).
set -euo pipefail
. "$(dirname "$0")/common.sh"

# One fetch per version at a time: two up.sh runs side by side (a test starting two brokers of its own) would
# otherwise empty and fill the same libs directory at once. The second waits, then finds the cache.
mkdir -p "$KAFKA_HOME"
exec 9> "$KAFKA_HOME/.fetch.lock"
flock 9
if [ -f "$KAFKA_HOME/libs/.complete" ]; then say "kafka $KAFKA_VERSION: cached in $KAFKA_HOME"; exit 0; fi
command -v mvn >/dev/null || die "kafka $KAFKA_VERSION: Maven (mvn) is needed to fetch the broker from Maven Central"
started="$(now_ms)"
rm -rf "$KAFKA_HOME/libs"; mkdir -p "$KAFKA_HOME/libs"
# maven-dependency-plugin is pinned: Maven 3.8's default binding is a 2.x plugin without these goals' options.
mvn -B -q -f "$SERVICES_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" -Dkafka.logging="$KAFKA_LOGGING" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs" 2>&1 | strip_colours >&2
[ -f "$KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar" ] || die "kafka $KAFKA_VERSION: broker jar missing after fetch"
touch "$KAFKA_HOME/libs/.complete"
say "kafka $KAFKA_VERSION: fetched $(ls "$KAFKA_HOME/libs" | wc -l) jars ($(du -sh "$KAFKA_HOME/libs" | cut -f1)) in $(elapsed_s "$started") s"
