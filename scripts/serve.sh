#!/bin/sh
# Starts the compiled server (`npm run serve`, `npm start`, and every test or benchmark that runs
# the real server): `scripts/serve.sh [node options...]`, from the project folder.
#
# The memory allocator is chosen here because it must be in place before node starts. A command
# streaming output makes the server allocate and free a buffer per pty read; glibc's malloc keeps
# the freed middle of its heap resident (measured: 340-440 MB after three 256 MiB streams, 198 MB
# once malloc_trim ran), while jemalloc hands freed pages back within a second (184 MB). So jemalloc
# is used where it is installed (Debian: libjemalloc2); without it, glibc is told to serve large
# buffers from mmap, which it returns on free (280 MB in the same measurement).
set -eu

allocator=${RUNLOG_ALLOCATOR:-auto}
case "$allocator" in
  auto | jemalloc | system) ;;
  *)
    echo "runlog: RUNLOG_ALLOCATOR must be auto, jemalloc or system (it is \"$allocator\")." >&2
    exit 2
    ;;
esac

jemalloc=""
if [ "$allocator" != system ]; then
  for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
    /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2; do
    if [ -r "$lib" ]; then
      jemalloc=$lib
      break
    fi
  done
  if [ -z "$jemalloc" ] && [ "$allocator" = jemalloc ]; then
    echo "runlog: RUNLOG_ALLOCATOR=jemalloc, but no libjemalloc.so.2 is installed (Debian: apt-get install libjemalloc2)." >&2
    exit 2
  fi
fi

# What the variables below held before: the server gives its own children those values back
# (server/process/allocator-env.ts). RUNLOG_BEFORE_<NAME> is "unset" or "set:<value>".
remember() {
  eval "was_set=\${$1+set} was=\${$1-}"
  if [ -n "$was_set" ]; then export "RUNLOG_BEFORE_$1=set:$was"; else export "RUNLOG_BEFORE_$1=unset"; fi
}

if [ -n "$jemalloc" ]; then
  remember LD_PRELOAD
  remember MALLOC_CONF
  # Freed pages go back after a second, from jemalloc's own thread (an idle server allocates
  # nothing that would trigger the purge); two arenas are plenty for node's few threads.
  export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
  export MALLOC_CONF="${MALLOC_CONF:-background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:2}"
  export RUNLOG_ALLOCATOR_IN_USE="jemalloc $jemalloc"
else
  remember GLIBC_TUNABLES
  export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.mmap_threshold=65536"
  export RUNLOG_ALLOCATOR_IN_USE="glibc"
fi

export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# gc exposed: the server collects once when a burst of output is over (server/process/idle-memory.ts).
exec "${RUNLOG_NODE:-node}" --expose-gc "$@" dist/server.mjs
