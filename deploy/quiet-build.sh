# Sourced by deploy.sh and synth.sh: quiet_build ARGS... runs Maven quietly in batch mode. Maven
# prints terminal codes even so, so its output is shown only when the build fails.
quiet_build() {
  local log
  log="$(mktemp)"
  if ! mvn -B -q -Dstyle.color=never -DskipTests "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "the build failed: its output is above" >&2
    exit 1
  fi
  rm -f "$log"
}
