# Shared by the start and stop scripts of the local services (Kafka broker,
# schema registry). Sourced, not run. The caller sets, before sourcing:
#   svc_name    prefix of every message, e.g. "kafka-local"
#   pidfile     file holding the pid of the service's JVM
# and defines svc_is_ours CMDLINE: true when CMDLINE (NULs turned into
# spaces) is the command line of this service, so that a stale pid file
# naming a pid the system gave to another process is never signalled.

say() { echo "$svc_name: $*"; }
die() { echo "$svc_name: error: $*" >&2; exit 1; }

# Each named variable, when set, must be a whole number.
svc_require_numbers() {
  local v
  for v in "$@"; do
    [[ "${!v:-0}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
  done
}

svc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the pid from the pid file when it names a live process of ours.
svc_running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid cmd
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  svc_is_ours "$cmd" || return 1
  echo "$pid"
}

# svc_wait_ready LABEL READY_FN WHERE TIMEOUT_S POLL_S STOP_SCRIPT LOGFILE
# Waits until READY_FN succeeds for the running process, then says
# "LABEL (pid N) on WHERE". Fails with the log's tail if the process exits or
# the timeout passes.
svc_wait_ready() {
  local label=$1 ready_fn=$2 where=$3 timeout_s=$4 poll=$5 stop_script=$6 logfile=$7
  local deadline=$((SECONDS + timeout_s)) pid
  while :; do
    if pid="$(svc_running_pid)" && "$ready_fn"; then
      say "$label (pid $pid) on $where; log: $logfile"
      return 0
    fi
    if [[ -s "$pidfile" ]] && ! svc_running_pid >/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "the process exited during start-up; full log: $logfile"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$logfile" >&2 || true
      die "not ready after ${timeout_s}s (still running, pid $(cat "$pidfile" 2>/dev/null));" \
        "see $logfile, stop it with $stop_script"
    fi
    sleep "$poll"
  done
}

# svc_start_detached LOGFILE COMMAND...: starts COMMAND in a session of its
# own (so that the exit traps of CI, not this shell, decide its end), its pid
# in the pid file, its output in LOGFILE (the previous one kept as .1).
svc_start_detached() {
  local logfile=$1
  shift
  [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.1"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >"$logfile" 2>&1 &
}

# svc_stop TIMEOUT_S POLL_S [WHAT]: SIGTERM, then SIGKILL once TIMEOUT_S have
# passed; WHAT (e.g. "port 8081") is added to the messages. Returns 0 saying
# "not running" when there is nothing of ours.
svc_stop() {
  local timeout_s=$1 poll=$2 what=${3:-} pid
  if ! pid="$(svc_running_pid)"; then
    rm -f "$pidfile"
    say "not running${what:+ ($what)}"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout_s))
  while svc_running_pid >/dev/null && ((SECONDS < deadline)); do
    sleep "$poll"
  done
  if svc_running_pid >/dev/null; then
    say "still running after ${timeout_s}s; sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    # a zombie has an empty cmdline, so this also ends before init reaps it
    for _ in $(seq 50); do svc_running_pid >/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
  say "stopped (pid $pid${what:+, $what})"
}

# svc_require_java MAJOR WHAT: Java MAJOR or newer on PATH.
svc_require_java() {
  local need=$1 what=$2 major
  command -v java >/dev/null || die "java not found; $what needs Java $need or newer"
  major="$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' |
    awk '{ print ($1 == 1) ? $2 : $1 }')"
  [[ -n "$major" && "$major" -ge "$need" ]] ||
    die "$what needs Java $need or newer, found '$(java -version 2>&1 | head -n1)'"
}
