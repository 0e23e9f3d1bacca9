// Renders the bash script a runner machine runs once at boot (EC2 user-data; a pod's command on
// other clouds). It installs the pinned actions/runner release after checking its SHA-256, starts it
// with the single-use just-in-time configuration, and runs a watchdog that powers the machine off
// (so EC2 terminates it) when:
//   - no job has started within the idle timeout,
//   - the runner exits — a just-in-time runner takes exactly one job, then exits,
//   - the maximum lifetime is reached, whatever is running (also scheduled with `shutdown -h +N`
//     at boot, so the cap holds even if the watchdog itself dies).
// No GitHub token and no cloud keys are ever part of this script. The only secret is the JIT
// configuration; the script removes cloud-init's copies of itself and, unless the machine has an
// instance role the job needs, blocks the runner's user from the metadata service that serves it.
//
// Locations can be overridden through CML_* environment variables: a pre-baked image keeps the
// runner elsewhere (CML_RUNNER_PREINSTALLED=1: use it as it is, as in the runner container image a
// Kubernetes pod runs), and the tests run this very script in a sandbox with stub binaries.

import { RUNNER_SHA256, RUNNER_VERSION, runnerDownloadUrl } from './runner-release.js';

export interface BootScriptSettings {
  readonly runnerName: string;
  /** The `encoded_jit_config` from GitHub: base64, bound to this one runner. */
  readonly jitConfig: string;
  /** Seconds without a job before powering off; undefined = never. */
  readonly idleTimeoutSeconds: number | undefined;
  /** Seconds after boot when the machine powers off regardless; undefined = no cap. */
  readonly maxLifetimeSeconds: number | undefined;
  /** Recorded for the log; just-in-time runners are always single-job. */
  readonly single: boolean;
  /** User script run as root before the runner starts (CML's --cloud-startup-script, decoded), byte for byte. */
  readonly startupScript: Uint8Array | undefined;
  /** Leave the metadata service reachable for the runner's user (jobs need the instance role). */
  readonly keepMetadataAccess: boolean;
}

export function renderBootScript(settings: BootScriptSettings): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(settings.jitConfig)) throw new Error('the JIT configuration is not base64');
  if (!/^[A-Za-z0-9._-]+$/.test(settings.runnerName)) throw new Error(`unsafe runner name ${settings.runnerName}`);
  return `#!/bin/bash
# continuous-ml: boot script for self-hosted runner ${settings.runnerName}
set -euo pipefail
umask 077

RUNNER_NAME='${settings.runnerName}'
RUNNER_VERSION='${RUNNER_VERSION}'
RUNNER_URL_X64='${runnerDownloadUrl('x64')}'
RUNNER_URL_ARM64='${runnerDownloadUrl('arm64')}'
RUNNER_SHA256_X64='${RUNNER_SHA256.x64}'
RUNNER_SHA256_ARM64='${RUNNER_SHA256.arm64}'
IDLE_TIMEOUT=${settings.idleTimeoutSeconds ?? 0}
MAX_LIFETIME=${settings.maxLifetimeSeconds ?? 0}
SINGLE=${settings.single ? 1 : 0}
BLOCK_METADATA=${settings.keepMetadataAccess ? 0 : 1}
JIT_CONFIG='${settings.jitConfig}'
STARTUP_SCRIPT_B64='${settings.startupScript === undefined ? '' : Buffer.from(settings.startupScript).toString('base64')}'

RUNNER_HOME="\${CML_RUNNER_HOME:-/opt/actions-runner}"
RUNNER_USER="\${CML_RUNNER_USER:-runner}"
STATE_DIR="\${CML_STATE_DIR:-/run/continuous-ml}"
CLOUD_DIR="\${CML_CLOUD_DIR:-/var/lib/cloud}"
WATCH_INTERVAL="\${CML_WATCH_INTERVAL:-10}"
RUNNER_PID=''

# Milliseconds since the epoch (bash 5's EPOCHREALTIME; whole seconds where it is missing).
now_ms() {
  if [ -n "\${EPOCHREALTIME:-}" ]; then
    local t=\${EPOCHREALTIME/[.,]/}
    echo $((10#$t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}
BOOT_TIME_MS=$(now_ms)

log() { printf '%s continuous-ml: %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

power_off() {
  log "powering off: $1"
  if [ -n "$RUNNER_PID" ]; then kill "$RUNNER_PID" 2>/dev/null || true; fi
  shutdown -h now "continuous-ml: $1" || poweroff || true
}

as_runner() {
  if [ "$(id -un)" = "$RUNNER_USER" ]; then "$@"; else runuser -u "$RUNNER_USER" -- "$@"; fi
}

runner_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) return 1 ;;
  esac
}

schedule_lifetime_cap() {
  if [ "$MAX_LIFETIME" -gt 0 ]; then
    # Backstop for the watchdog: the machine goes away at the cap even if this script dies.
    shutdown -h "+$(((MAX_LIFETIME + 59) / 60))" "continuous-ml: max lifetime" || log "could not schedule the lifetime cap"
  fi
}

remove_secret_copies() {
  # cloud-init keeps copies of user-data, which holds the JIT configuration. Unlinking (not
  # overwriting) keeps this running script readable; the encrypted volume dies with the machine.
  rm -f "$CLOUD_DIR"/instance/user-data.txt "$CLOUD_DIR"/instance/user-data.txt.i "$CLOUD_DIR"/instance/scripts/part-* 2>/dev/null || true
}

ensure_user() {
  if id -u "$RUNNER_USER" >/dev/null 2>&1; then return 0; fi
  useradd --create-home --shell /bin/bash "$RUNNER_USER"
  # Jobs install packages and drivers, as on GitHub-hosted runners.
  printf '%s ALL=(ALL) NOPASSWD:ALL\\n' "$RUNNER_USER" > /etc/sudoers.d/90-continuous-ml-runner
  chmod 0440 /etc/sudoers.d/90-continuous-ml-runner
  if getent group docker >/dev/null; then usermod -aG docker "$RUNNER_USER"; fi
}

block_metadata_for_runner() {
  if [ "$BLOCK_METADATA" != 1 ] || [ "$(id -u)" != 0 ] || [ "$RUNNER_USER" = root ]; then return 0; fi
  if command -v iptables >/dev/null; then
    iptables -I OUTPUT -d 169.254.169.254 -m owner --uid-owner "$RUNNER_USER" -j REJECT || log "could not block the metadata service for $RUNNER_USER"
  fi
}

install_runner() {
  if [ -x "$RUNNER_HOME/run.sh" ] && [ "\${CML_RUNNER_PREINSTALLED:-0}" = 1 ]; then
    log "using the runner installed in the image at $RUNNER_HOME"
    return 0
  fi
  if [ -x "$RUNNER_HOME/run.sh" ] && [ "$(cat "$RUNNER_HOME/.continuous-ml-runner-version" 2>/dev/null || true)" = "$RUNNER_VERSION" ]; then
    log "actions/runner $RUNNER_VERSION is already installed in $RUNNER_HOME"
    return 0
  fi
  local arch url sum archive
  arch=$(runner_arch) || { power_off "unsupported architecture $(uname -m)"; exit 1; }
  if [ "$arch" = x64 ]; then url=$RUNNER_URL_X64 sum=$RUNNER_SHA256_X64; else url=$RUNNER_URL_ARM64 sum=$RUNNER_SHA256_ARM64; fi
  archive=$(mktemp)
  log "downloading actions/runner $RUNNER_VERSION ($arch)"
  curl -fsSL --retry 5 --retry-delay 2 --connect-timeout 10 --max-time 300 -o "$archive" "$url" || { power_off "could not download $url"; exit 1; }
  if ! printf '%s  %s\\n' "$sum" "$archive" | sha256sum -c - >/dev/null 2>&1; then
    power_off "checksum mismatch for actions/runner $RUNNER_VERSION ($arch)"
    exit 1
  fi
  mkdir -p "$RUNNER_HOME"
  tar -xzf "$archive" -C "$RUNNER_HOME"
  rm -f "$archive"
  printf '%s\\n' "$RUNNER_VERSION" > "$RUNNER_HOME/.continuous-ml-runner-version"
  if [ "$(id -u)" = 0 ] && [ -x "$RUNNER_HOME/bin/installdependencies.sh" ] && ! ldconfig -p 2>/dev/null | grep -q libicu; then
    "$RUNNER_HOME/bin/installdependencies.sh" >/dev/null || log "installdependencies.sh failed; continuing"
  fi
  if [ "$(id -u)" = 0 ]; then chown -R "$RUNNER_USER" "$RUNNER_HOME"; fi
}

run_startup_script() {
  if [ -z "$STARTUP_SCRIPT_B64" ]; then return 0; fi
  local script="$STATE_DIR/startup.sh"
  printf '%s' "$STARTUP_SCRIPT_B64" | base64 -d > "$script"
  chmod 0700 "$script"
  log "running the startup script"
  if ! bash "$script"; then power_off "the startup script failed"; exit 1; fi
}

job_started() {
  compgen -G "$RUNNER_HOME/_diag/Worker_*.log" >/dev/null
}

watchdog() {
  local now status job_seen=0 started
  started=$(now_ms)
  while :; do
    now=$(now_ms)
    if [ "$job_seen" = 0 ] && job_started; then
      job_seen=1
      log "a job started"
    fi
    if ! kill -0 "$RUNNER_PID" 2>/dev/null; then
      status=0
      wait "$RUNNER_PID" || status=$?
      RUNNER_PID=''
      if [ "$job_seen" = 1 ] || job_started; then
        power_off "the runner finished its job (status $status)"
      else
        power_off "the runner exited before taking a job (status $status)"
      fi
      return 0
    fi
    if [ "$MAX_LIFETIME" -gt 0 ] && [ $((now - BOOT_TIME_MS)) -ge $((MAX_LIFETIME * 1000)) ]; then
      power_off "max lifetime of \${MAX_LIFETIME}s reached"
      return 0
    fi
    if [ "$job_seen" = 0 ] && [ "$IDLE_TIMEOUT" -gt 0 ] && [ $((now - started)) -ge $((IDLE_TIMEOUT * 1000)) ]; then
      power_off "no job within the idle timeout of \${IDLE_TIMEOUT}s"
      return 0
    fi
    sleep "$WATCH_INTERVAL"
  done
}

main() {
  log "starting runner $RUNNER_NAME (single job: $SINGLE, idle timeout: \${IDLE_TIMEOUT}s, max lifetime: \${MAX_LIFETIME}s)"
  schedule_lifetime_cap
  remove_secret_copies
  mkdir -p "$STATE_DIR"
  ensure_user
  run_startup_script
  install_runner
  block_metadata_for_runner
  if [ "$(id -u)" = 0 ]; then chown "$RUNNER_USER" "$STATE_DIR"; fi
  # The runner reads the JIT configuration from its command line; it is never exported.
  as_runner "$RUNNER_HOME/run.sh" --jitconfig "$JIT_CONFIG" >> "$STATE_DIR/runner.log" 2>&1 &
  RUNNER_PID=$!
  log "runner started (pid $RUNNER_PID)"
  watchdog
}

main "$@"; exit $?
`;
}
