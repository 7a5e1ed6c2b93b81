# Sourced by the sim cluster scripts: wait_for WHAT SECONDS COMMAND... polls COMMAND once a
# second until it succeeds, or says what it waited for and fails. Uses the caller's `log`.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "timed out after ${seconds}s waiting for $what${WAIT_FOR_HINT:+ ($WAIT_FOR_HINT)}"
  return 1
}
