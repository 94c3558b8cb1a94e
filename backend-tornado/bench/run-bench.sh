#!/usr/bin/env bash
# Runs the apps' JMH benchmark bodies on the tornado backend, with JMH's own command line (org.openjdk.jmh.Main)
# started in TornadoVM's JVM: JMH's forks inherit the argfile's options and the class path, and "-p backend=tornado"
# overrides the @Param list {"reference","vector"} at run time. Needs TORNADOVM_HOME (with its tornado-argfile),
# JAVA_HOME (JDK 25) and a prior "./mvnw -o -B install -DskipTests" with the tornado profile (the apps jar, its
# lib folder and this backend's jar). Usage: backend-tornado/bench/run-bench.sh <output folder>; ONLY="conv matmul"
# runs just those groups.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:?usage: run-bench.sh <output folder>}
mkdir -p "$out" && out=$(cd "$out" && pwd)
: "${TORNADOVM_HOME:?set TORNADOVM_HOME to the TornadoVM SDK}"
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
cp="$root/apps/target/adjoint-apps-0.1.0-SNAPSHOT.jar:$root/apps/target/lib/*:$root/backend-tornado/target/adjoint-backend-tornado-0.1.0-SNAPSHOT.jar"
# TornadoVM's runtime modules only: the argfile's module path (the whole SDK folder) holds an older jmh-core
# (1.29) that would shadow the apps' jmh-core 1.37 on the class path. A later --module-path replaces the argfile's.
t=$TORNADOVM_HOME/share/java/tornado
mp=$root/apps/target/lib/commons-math3-3.6.1.jar   # tornado.drivers.opencl requires commons.math3
for j in tornado-api-5.2.0-jdk25 tornado-runtime-5.2.0-jdk25 tornado-annotation-5.2.0-jdk25 \
         tornado-drivers-common-5.2.0-jdk25 tornado-drivers-opencl-5.2.0-jdk25 \
         tornado-drivers-opencl-jni-5.2.0-jdk25-libs asm-9.9 nativeimage-25.0.2 snmp4j-2.8.6; do
  mp=$mp${mp:+:}$t/$j.jar
done
# The fork options of BenchRunner.FORK_JVM_ARGS (the argfile already adds -XX:+UseParallelGC).
fork_args="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:NewRatio=1 -XX:+AlwaysPreTouch"
# Device arenas of 1 GiB per dtype: the 16M-element cases keep three 64 MiB tensors alive and free one per call.
fork_args="$fork_args -Dadjoint.tornado.memory=${ADJOINT_TORNADO_MEMORY:-1g}"

# name, benchmark regex, then JMH -p options
bench() {
  local name=$1 regex=$2
  shift 2
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return; fi
  echo "== $name"
  timeout 900 "$java" @"$TORNADOVM_HOME/tornado-argfile" -Dtornado.recover.bailout=False \
      --module-path "$mp" --add-modules jdk.incubator.vector -cp "$cp" \
      org.openjdk.jmh.Main "$regex" -p backend=tornado "$@" \
      -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns -jvmArgsAppend "$fork_args" \
      -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  echo "   exit $?; $(grep -E '^[A-Za-z]+Bench\.' "$out/$name.txt" | tr -s ' ' | tr '\n' ';')"
}

bench elementwise '^dev.adjoint.apps.bench.ElementwiseBench.(add|mul|exp|tanh)$' -p size=1024,65536,16777216
bench reduction '^dev.adjoint.apps.bench.ReductionBench.(sum|max)$' -p size=16777216
bench laplacian '^dev.adjoint.apps.bench.LaplacianBench.(conv|shift)$' -p size=1024
bench sample '^dev.adjoint.apps.bench.SampleBench.bilinear$' -p size=512
bench conv '^dev.adjoint.apps.bench.ConvBench.(forward|forwardBackward)$'
bench matmul '^dev.adjoint.apps.bench.MatmulBench.matmul$' -p n=256,1024 -p dtype=f32,f64
