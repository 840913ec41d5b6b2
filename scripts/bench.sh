#!/usr/bin/env bash
# The performance suite (issue 8): builds what it measures, runs io.dmkit.benchmarks.BenchmarkSuite and
# regenerates docs/performance.md and docs/performance.png. Takes several minutes; run it on a quiet machine.
#
#   scripts/bench.sh             build the bundles, the gateway and the suite, then measure
#   scripts/bench.sh --no-build  measure with what is already built
#   scripts/bench.sh --quick     a tenth of the work, to try the harness (figures not for publishing)
#   scripts/bench.sh --figures 1,3   measure these figures only; prints them, writes no report
#
# Needs Java 17+, Maven and mosquitto (scripts/setup-test-env.sh), and port 8883 free on 127.0.0.1
# (figure 2: the Azure device SDK connects to no other port). Other arguments go to the suite.
set -euo pipefail
cd "$(dirname "$0")/.."

build=yes
suite_args=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=no ;;
        *) suite_args+=("$arg") ;;
    esac
done

if [[ $build == yes ]]; then
    # -am: the benchmarks measure the current sources, and the gateway jar is packaged from them
    mvn -B -ntp -q ${MAVEN_OFFLINE:+-o} -pl benchmarks,distribution -am package -DskipTests -Djacoco.skip=true
fi
if [[ ! -f benchmarks/target/classpath.txt ]]; then
    echo "benchmarks/target/classpath.txt is missing: run without --no-build first" >&2
    exit 1
fi

exec java -Xms256m -Xmx1g \
    -Djava.util.logging.config.file=benchmarks/src/main/resources/logging.properties \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    io.dmkit.benchmarks.BenchmarkSuite "${suite_args[@]}"
