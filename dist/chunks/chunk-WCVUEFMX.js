import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{b as F,d as K,f as X,g as q}from"./chunk-TYLKEYWG.js";import{b as B,c as E,d as z,e as w,f as W,g as A,h as J,j as V}from"./chunk-3VHOICNN.js";import{a as m}from"./chunk-RGFNXV7F.js";import{randomBytes as ge}from"node:crypto";import{setTimeout as he}from"node:timers/promises";var L={s:1,m:60,h:3600,d:86400};function O(e,n){let r=e.trim().toLowerCase();if(/^\d+$/.test(r))return Number(r);let o=/^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(r);if(!o||r==="")throw new m(`${n} must be a duration such as 300, 90s, 5m, 1h30m or 2d; got "${e}"`);let[,t,u,s,i]=o;return Number(t??0)*L.d+Number(u??0)*L.h+Number(s??0)*L.m+Number(i??0)}function M(e,n){let r=e.trim().toLowerCase();if(!(r==="never"||r==="-1"||r==="0"||r==="none"))return O(r,n)}function I(e){if(e<=0)return"0s";let n=[],r=Math.round(e);for(let[o,t]of[["d",86400],["h",3600],["m",60],["s",1]])r>=t&&(n.push(`${Math.floor(r/t)}${o}`),r%=t);return n.join("")}var T="2.337.0",C={x64:"70920811a4f8ad4328818682bca5c6469c1c942fab52448868071d0063816613",arm64:"9b1dc70626422526e3c94767cf024896beb15da5342a3f4819bf2feac13e0393"};function se(e){return`actions-runner-linux-${e}-${T}.tar.gz`}function P(e){return`https://github.com/actions/runner/releases/download/v${T}/${se(e)}`}function Z(e){if(!/^[A-Za-z0-9+/=]+$/.test(e.jitConfig))throw new Error("the JIT configuration is not base64");if(!/^[A-Za-z0-9._-]+$/.test(e.runnerName))throw new Error(`unsafe runner name ${e.runnerName}`);let n=e.startupScript===void 0?"":e.startupScript;return`#!/bin/bash
# continuous-ml: boot script for self-hosted runner ${e.runnerName}
set -euo pipefail
umask 077

RUNNER_NAME='${e.runnerName}'
RUNNER_VERSION='${T}'
RUNNER_URL_X64='${P("x64")}'
RUNNER_URL_ARM64='${P("arm64")}'
RUNNER_SHA256_X64='${C.x64}'
RUNNER_SHA256_ARM64='${C.arm64}'
IDLE_TIMEOUT=${e.idleTimeoutSeconds??0}
MAX_LIFETIME=${e.maxLifetimeSeconds??0}
SINGLE=${e.single?1:0}
BLOCK_METADATA=${e.keepMetadataAccess?0:1}
JIT_CONFIG='${e.jitConfig}'
STARTUP_SCRIPT_B64='${Buffer.from(n,"utf8").toString("base64")}'

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
`}var ue=new Set(["self-hosted","linux","x64","arm64","windows","macos"]);function Y(e){return`continuous-ml-${e.cloud}-${e.location}`.toLowerCase().replace(/[^a-z0-9._-]/g,"-")}async function Q(e,n){let{provider:r,registry:o,logger:t}=n;if(e.reuse||e.reuseIdle){let f=await de(e,n);if(f)return f}let u=[...new Set([...e.labels,e.name,Y(r)])],s=o.createJitRunner(e.name,u);s.catch(()=>{});let i=r.prepare?.();i?.catch(()=>{});let a=await s;t.mask(a.encodedJitConfig),t.info(`registered just-in-time runner ${a.name} (id ${a.id}) for ${o.description} with labels ${e.labels.join(", ")}`);let c=n.now(),p={runnerName:a.name,runnerId:a.id,labels:e.labels,scope:e.scope,expiresAt:e.maxLifetimeSeconds===void 0?void 0:new Date(c.getTime()+e.maxLifetimeSeconds*1e3),readyBy:new Date(c.getTime()+e.startupTimeoutSeconds*1e3),...e.workflow?{workflow:e.workflow}:{},metadata:e.metadata},l;try{let f=Z({runnerName:a.name,jitConfig:a.encodedJitConfig,idleTimeoutSeconds:e.idleTimeoutSeconds,maxLifetimeSeconds:e.maxLifetimeSeconds,single:e.single,startupScript:e.startupScript,keepMetadataAccess:e.keepMetadataAccess});await i,l=await r.launch({facts:p,bootScript:f})}catch(f){throw await N(o,a.id,a.name,t),f instanceof K?new m(`could not launch runner ${a.name} in ${r.location}: ${f.message}`,{hint:"list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered",cause:f}):f}n.onMachine?.(l,a.id),t.info(`started ${l.id}: ${l.type}, ${l.market}, ${l.zone??l.location}${l.price.usd===null?"":`, $${l.price.usd.toFixed(4)}/h (${l.price.source})`}`);try{await ce(a.id,a.name,l,e,n)}catch(f){throw await v(l.id,a.id,a.name,n),f}return t.info(`runner ${a.name} is online on ${l.id}; target it with \`runs-on: [self-hosted, ${a.name}]\` (or its labels ${e.labels.join(", ")})`),{reused:!1,runnerName:a.name,runnerId:a.id,labels:e.labels,cloud:r.cloud,region:r.location,instanceId:l.id,instanceType:l.type,market:l.market,zone:l.zone??null,hourlyPrice:l.price.usd,priceSource:l.price.source}}async function de(e,n){let{provider:r,registry:o,logger:t}=n,u=e.labels.filter(c=>!ue.has(c.toLowerCase())),i=(await o.listRunners()).find(c=>c.status==="online"&&(c.name===e.name||c.labels.some(p=>u.includes(p)))&&(!e.reuseIdle||!c.busy));if(!i){t.info(`no ${e.reuseIdle?"idle ":""}online runner with labels ${u.join(", ")} to reuse; launching one`);return}let a=(await r.list(e.scope)).find(c=>c.runnerName===i.name&&c.state!=="terminated");return t.info(`reusing runner ${i.name}${i.busy?" (busy)":" (idle)"}${a?` on ${a.id}`:""}; nothing launched`),{reused:!0,runnerName:i.name,runnerId:i.id,labels:i.labels.filter(c=>!c.startsWith("continuous-ml-")),cloud:r.cloud,region:r.location,instanceId:a?.id??null,instanceType:a?.type??null,market:a?.market??null,zone:null,hourlyPrice:null,priceSource:null}}async function ce(e,n,r,o,t){let{registry:u,provider:s,logger:i}=t,a=t.now().getTime(),c=o.startupTimeoutSeconds*1e3,p=Math.max(1,o.pollIntervalMs),l=Math.ceil(c/p)+2,f=a;for(let h=1;h<=l;h+=1){if(t.signal?.aborted)throw new m(`launch of runner ${n} was interrupted; ${r.id} is being terminated`);if((await u.getRunner(e))?.status==="online")return;let y=t.now().getTime()-a;if(y>=c)break;if(h%3===0){let d=await s.describe(r.id);if(!d||d.state==="terminated"||d.state==="stopping")throw new m(`${r.id} stopped before runner ${n} came online${d?.stateReason?` (${d.stateReason})`:""}`,{hint:"check the startup script and the instance console output; the registration was removed"})}(t.now().getTime()-f>=15e3||h===1)&&(f=t.now().getTime(),i.info(`waiting for runner ${n} on ${r.id} to come online (${I(y/1e3)} of ${I(o.startupTimeoutSeconds)})`)),await t.sleep(Math.min(p,Math.max(1,c-y)))}throw new m(`runner ${n} did not come online within ${I(o.startupTimeoutSeconds)}; terminated ${r.id} and removed the registration`,{hint:"raise --startup-timeout, or check the instance console output (image, network access to github.com)"})}async function v(e,n,r,o){let{logger:t}=o;try{await o.provider.terminate(e),t.info(`terminated ${e}`)}catch(u){t.error(`could not terminate ${e}: ${u.message}; terminate it by hand or run \`cml runner cleanup\``)}await N(o.registry,n,r,t)}async function N(e,n,r,o){try{let t=await e.deleteRunner(n);return t&&o.info(`removed the registration of runner ${r}`),t}catch(t){return o.error(`could not remove the registration of runner ${r}: ${t.message}`),!1}}async function ee(e,n,r){let{provider:o,registry:t,logger:u}=r,s=(await o.list(n)).filter(p=>p.runnerName===e),i=[];for(let p of s.filter(l=>l.state!=="terminated"))await o.terminate(p.id),i.push(p.id),u.info(`terminated ${p.id} (runner ${e})`);let a=!1;for(let p of(await t.listRunners()).filter(l=>l.name===e))p.busy&&u.warn(`runner ${e} is still running a job; removing it anyway`),a=await N(t,p.id,e,u)||a;let c=s.some(p=>p.interrupted);return c&&u.warn(`runner ${e} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`),i.length===0&&!a&&u.info(`nothing to stop: no machine or registration named ${e} in ${o.location}`),{runnerName:e,terminated:i,deregistered:a,interrupted:c}}async function ne(e,n){let{provider:r,registry:o,logger:t}=n,u=n.now().getTime(),s=e.dryRun?"would terminate":"terminated",i=await r.list(e.scope),a=await o.listRunners(),c=new Map(a.map(d=>[d.name,d])),p=[],l=[],f=i.filter(d=>d.state==="pending"||d.state==="running");for(let d of f){let g=d.runnerName?c.get(d.runnerName):void 0,R=le(d,g,u,e.defaultStartupSeconds);R&&(e.dryRun||await r.terminate(d.id),p.push({instanceId:d.id,runnerName:d.runnerName??null,reason:R}),t.info(`${s} ${d.id} (runner ${d.runnerName??"unknown"}): ${R}`),g&&(e.dryRun||await N(o,g.id,g.name,t),l.push({runnerId:g.id,runnerName:g.name,reason:`its machine ${d.id} ${e.dryRun?"would be":"was"} terminated`})))}let h=new Set(f.filter(d=>!p.some(g=>g.instanceId===d.id)).map(d=>d.runnerName)),$=Y(r);for(let d of a)d.status!=="offline"||d.busy||!d.labels.includes($)||h.has(d.name)||l.some(g=>g.runnerId===d.id)||(e.dryRun||await N(o,d.id,d.name,t),l.push({runnerId:d.id,runnerName:d.name,reason:`offline with no machine in ${r.location}`}),e.dryRun&&t.info(`would remove the registration of offline runner ${d.name}`));let y=n.runs?await pe(i,n.runs,e.dryRun,t):[];return p.length===0&&l.length===0&&y.length===0&&t.info(`nothing to clean up for ${o.description} in ${r.location}`),{terminated:p,deregistered:l,rerun:y,dryRun:e.dryRun}}function le(e,n,r,o){if(e.expiresAt&&r>=e.expiresAt.getTime())return`past its expiry (${e.expiresAt.toISOString()})`;let t=e.readyBy?.getTime()??(e.launchedAt?e.launchedAt.getTime()+o*1e3:void 0);if(!(t===void 0||r<t)){if(!n)return"its runner registration is gone";if(n.status==="offline")return"its runner is offline"}}async function pe(e,n,r,o){let t=[],u=new Set;for(let s of e){let i=s.workflow;if(!s.interrupted||!i||!s.runnerName||i.repository!==n.repository)continue;if(i.jobId===void 0){o.warn(`runner ${s.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${i.runId} by hand`);continue}if(u.has(i.jobId))continue;let a=await n.getRun(i.runId);if(!a||a.status!=="completed"||a.conclusion==="success"||String(a.runAttempt)!==i.runAttempt)continue;let p=(await n.listJobs(i.runId,a.runAttempt)).find(l=>l.runnerName===s.runnerName&&(l.conclusion==="failure"||l.conclusion==="cancelled"));p&&(u.add(i.jobId),r||await n.rerunJob(i.jobId),o.info(`${r?"would re-run":"re-ran"} job ${i.jobId} and its dependents in run ${i.runId}: job "${p.name}" lost runner ${s.runnerName} to a spot interruption`),t.push({runId:i.runId,jobId:i.jobId,runnerName:s.runnerName}))}return t}function x(e){return e.kind==="repo"?`repo:${e.owner}/${e.repo}`:`org:${e.org}`}function me(e){return e.kind==="repo"?`repository ${e.owner}/${e.repo}`:`organization ${e.org}`}function re(e){return{id:e.id,name:e.name,status:e.status==="online"?"online":"offline",busy:!!e.busy,labels:e.labels.map(n=>n.name)}}var fe=50;function te(e){let n=0;return(r,o)=>{n+=1,n>=fe&&o();let t=r.data;return Array.isArray(t)?t:t[e]??[]}}function oe(e,n,r={}){let o=n.kind==="repo"?`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions/runners`:`/orgs/${encodeURIComponent(n.org)}/actions/runners`,t=me(n),u=n.kind==="repo"?"administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot manage runners)":"organization_self_hosted_runners: write (a fine-grained token or GitHub App)";return{description:t,async createJitRunner(s,i){try{let c=(await e.request(`POST ${o}/generate-jitconfig`,{name:s,labels:[...i],runner_group_id:r.runnerGroupId??1,work_folder:"_work",...E})).data;return{id:c.runner.id,name:c.runner.name,encodedJitConfig:c.encoded_jit_config}}catch(a){let c=w(a,{action:`register runner ${s} for ${t}`,permission:u});throw c.status===409?new z(`cannot register runner ${s} for ${t}: a runner with that name already exists`,409,"choose another --name, or stop the existing runner with `cml runner stop --name "+s+"`",a):c}},async getRunner(s){try{let i=await e.request(`GET ${o}/{runner_id}`,{runner_id:s});return re(i.data)}catch(i){if(i.status===404)return;throw w(i,{action:`read runner ${s} of ${t}`,permission:u})}},async listRunners(){try{return(await e.paginate(`GET ${o}`,{per_page:100},te("runners"))).map(re)}catch(s){throw w(s,{action:`list the runners of ${t}`,permission:u})}},async deleteRunner(s){try{return await e.request(`DELETE ${o}/{runner_id}`,{runner_id:s,...E}),!0}catch(i){if(i.status===404)return!1;throw w(i,{action:`remove runner ${s} from ${t}`,permission:u})}}}}function D(e,n){let r=`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions`,o=`${n.owner}/${n.repo}`;return{repository:o,async getRun(t){try{let{data:u}=await e.request(`GET ${r}/runs/{run_id}`,{run_id:Number(t)}),s=u;return{id:s.id,status:s.status,conclusion:s.conclusion,runAttempt:s.run_attempt??1}}catch(u){if(u.status===404)return;throw w(u,{action:`read workflow run ${t} of ${o}`,permission:"actions: read"})}},async listJobs(t,u){try{return(await e.paginate(`GET ${r}/runs/{run_id}/jobs`,{run_id:Number(t),filter:"latest",per_page:100},te("jobs"))).filter(i=>i.run_attempt===void 0||i.run_attempt===u).map(i=>({id:i.id,name:i.name,status:i.status,conclusion:i.conclusion,runnerName:i.runner_name}))}catch(s){throw w(s,{action:`list the jobs of run ${t} of ${o}`,permission:"actions: read"})}},async rerunJob(t){try{await e.request(`POST ${r}/jobs/{job_id}/rerun`,{job_id:t,...E})}catch(u){throw w(u,{action:`re-run job ${t} of ${o}`,permission:"actions: write"})}}}}async function ie(e,n,r,o){let u=(await e.listJobs(n,r)).filter(s=>s.runnerName===o&&s.status==="in_progress");return u.length===1?u[0].id:void 0}var j={cloud:{type:"string",valueName:"cloud",default:"aws",description:"Cloud to run the runner on: aws."},"cloud-region":{type:"string",valueName:"region",description:"us-west, us-east, eu-west, eu-north (CML) or any AWS region (default: AWS_REGION, else us-west)."}},G={repo:{type:"string",valueName:"owner/repo|org",description:"Repository (owner/repo or its URL) or organization (org or its URL) to register with (default: GITHUB_REPOSITORY)."},token:{type:"string",valueName:"token",description:"GitHub token allowed to manage self-hosted runners (default: REPO_TOKEN, then GITHUB_TOKEN)."}},ye={...j,"cloud-type":{type:"string",valueName:"types",default:"m",description:"Comma list tried in order: presets s, m, l, xl, m+t4, l+t4, xl+t4, m+v100, ... or instance types (g5.xlarge)."},"cloud-gpu":{type:"string",valueName:"gpu",description:"nogpu, t4, v100 (tesla) or k80: turns a size preset into its GPU preset and picks a GPU image."},"cloud-hdd-size":{type:"string",valueName:"GB",default:"35",description:"Size of the encrypted root volume in GB."},"cloud-image":{type:"string",valueName:"image",description:"AMI id or image name (default: Ubuntu 24.04, or the AWS Deep Learning GPU image)."},"cloud-spot":{type:"boolean",description:"Ask for spot capacity first; fall back to on-demand when it is refused."},"cloud-spot-price":{type:"string",valueName:"usd",default:"-1",description:"Highest spot price in USD per hour; -1 = up to the on-demand price."},"cloud-startup-script":{type:"string",valueName:"base64",description:"Base64 shell script run as root before the runner starts (as CML)."},"cloud-permission-set":{type:"string",valueName:"profile",description:"Instance profile (name or ARN) whose role jobs can use."},"cloud-metadata":{type:"string",multiple:!0,valueName:"key=value",description:"Tag for the instance and its volume; repeat for more."},"cloud-aws-security-group":{type:"string",valueName:"group",description:"Security group id or name (default: the VPC's default group; no inbound rules are needed)."},"cloud-aws-subnet":{type:"string",valueName:"subnet",aliases:["cloud-aws-subnet-id"],description:"Subnet id (default: the default subnet of each availability zone, tried in turn)."},labels:{type:"string",valueName:"labels",default:"cml",description:"Comma list of runner labels."},name:{type:"string",valueName:"name",description:"Runner name (default: cml-<random>); also added as a label."},"idle-timeout":{type:"string",valueName:"duration",default:"5m",description:"Power off after this long without a job (seconds or 5m; never = no limit)."},single:{type:"boolean",description:"Exit after one job (always the case for just-in-time runners; accepted for CML)."},reuse:{type:"boolean",description:"Launch nothing if an online runner has the same name or one of the labels."},"reuse-idle":{type:"boolean",description:"Launch nothing if such a runner is online and idle."},...G,"startup-timeout":{type:"string",valueName:"duration",default:"10m",description:"Give up (terminate and deregister) if the runner is not online by then."},"max-lifetime":{type:"string",valueName:"duration",default:"24h",description:"Hard cap on the machine’s life, whatever is running (never = no cap)."},json:{type:"boolean",cliOnly:!0,description:"Print the runner as JSON: name, labels, instance id, type, market, region, hourly price."}},Re={...j,name:{type:"string",valueName:"name",description:"Name of the runner to stop."},...G,json:{type:"boolean",cliOnly:!0,description:"Print what was stopped as JSON."}},we={...j,...G,"dry-run":{type:"boolean",description:"Report what would be terminated, removed and re-run; change nothing."},json:{type:"boolean",cliOnly:!0,description:"Print what was cleaned up as JSON."}},Fe={name:"runner launch",summary:"Start a self-hosted runner on a cloud machine and wait until it is online.",description:"Registers a just-in-time runner, starts one machine (spot first with --cloud-spot, falling back across types, zones and to on-demand) and waits until the runner is online. On any failure the machine is terminated and the registration removed. The machine powers itself off after --idle-timeout without a job, after its one job, and at --max-lifetime.",positionals:[],options:ye,envPrefix:"CML_RUNNER_",examples:["cml runner launch --cloud aws --cloud-region us-east --cloud-type m+t4 --labels cml-gpu","cml runner launch --cloud-type g5.xlarge,g6.xlarge --cloud-spot --json"]},Ke={name:"runner stop",summary:"Terminate a runner’s machine and remove its registration.",positionals:[],options:Re,envPrefix:"CML_RUNNER_",examples:["cml runner stop --name cml-4f2a9c1b7d"]},Xe={name:"runner cleanup",summary:"Terminate orphaned or expired runner machines, remove stale registrations, re-run jobs lost to spot interruptions.",positionals:[],options:we,envPrefix:"CML_RUNNER_",examples:["cml runner cleanup --cloud-region us-east-1","cml runner cleanup --dry-run --json"]};function H(e,n){let r=(e.cloud??"aws").trim().toLowerCase();if(r==="kubernetes"||r==="gcp"||r==="azure")throw new m(`--cloud ${r} is not available in this version`,{hint:"use --cloud aws"});if(r!=="aws")throw new m(`--cloud "${e.cloud}" is not a supported cloud`,{hint:"use --cloud aws"});let o=X(e["cloud-region"]||n.AWS_REGION||n.AWS_DEFAULT_REGION||"us-west"),t=W(n),u=be(e.repo,t),s=J(e.token,n);if(!s)throw new m("no GitHub token: cannot register a runner",{hint:"pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners)"});let i=n.AWS_ACCESS_KEY_ID?.trim(),a=n.AWS_SECRET_ACCESS_KEY?.trim(),c=n.AWS_SESSION_TOKEN?.trim();return{cloud:"aws",region:o,scope:u,token:s,context:t,useProxy:V(n),aws:{endpoints:{ec2:_(n.AWS_ENDPOINT_URL_EC2)??_(n.AWS_ENDPOINT_URL),ssm:_(n.AWS_ENDPOINT_URL_SSM)??_(n.AWS_ENDPOINT_URL)},credentials:i&&a?{accessKeyId:i,secretAccessKey:a,...c?{sessionToken:c}:{}}:void 0}}}function be(e,n){let r=e?.trim().replace(/\/+$/,"");if(!r){if(!n.repository)throw new m("no repository: cannot register a runner",{hint:"pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY"});return{kind:"repo",...n.repository}}let o=/^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(r);return o?.[1]?{kind:"org",org:o[1]}:/^[A-Za-z0-9_.-]+$/.test(r)?{kind:"org",org:r}:{kind:"repo",...A(r,"--repo")}}function qe(e,n){let r=H(e,n),o=q(e["cloud-type"]??"m",e["cloud-gpu"]),t=e["cloud-gpu"]?.trim().toLowerCase(),u=Number(e["cloud-hdd-size"]??"35");if(!Number.isInteger(u)||u<8||u>16384)throw new m(`--cloud-hdd-size must be a whole number of GB between 8 and 16384, got "${e["cloud-hdd-size"]}"`);let s=(e["cloud-spot-price"]??"-1").trim(),i=Number(s);if(!Number.isFinite(i)||i<=0&&i!==-1)throw new m(`--cloud-spot-price must be a price in USD per hour or -1, got "${s}"`);if(i!==-1&&!e["cloud-spot"])throw new m("--cloud-spot-price needs --cloud-spot");let a=ae(e.labels??"cml");if(a.length===0)throw new m("--labels is empty",{hint:"give at least one label, e.g. --labels cml"});for(let R of a)if(!/^[A-Za-z0-9._-]{1,100}$/.test(R))throw new m(`--labels: "${R}" is not a valid label`,{hint:'labels use letters, digits, ".", "_" and "-"'});let c=e.name?.trim()||`cml-${ge(5).toString("hex")}`;if(!/^[A-Za-z0-9._-]{1,64}$/.test(c))throw new m(`--name "${c}" is not a valid runner name`,{hint:'use up to 64 letters, digits, ".", "_" and "-"'});let p=O(e["startup-timeout"]??"10m","--startup-timeout");if(p<1)throw new m("--startup-timeout must be at least 1 second");let l=M(e["max-lifetime"]??"24h","--max-lifetime");if(l!==void 0&&l<60)throw new m("--max-lifetime must be at least 60 seconds (or never)");let f=M(e["idle-timeout"]??"5m","--idle-timeout"),h,$=e["cloud-startup-script"]?.trim();if($){if(!/^[A-Za-z0-9+/=\s]+$/.test($))throw new m("--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`");h=Buffer.from($,"base64").toString("utf8")}let y={};for(let R of e["cloud-metadata"]??[])for(let S of ae(R)){let U=S.indexOf("="),b=U>0?S.slice(0,U).trim():"";if(!b)throw new m(`--cloud-metadata "${S}" must be key=value`);if(/^(aws|cml):/i.test(b)||b==="Name")throw new m(`--cloud-metadata key "${b}" is reserved`);if(b.length>128)throw new m(`--cloud-metadata key "${b.slice(0,20)}..." is longer than 128 characters`);y[b]=S.slice(U+1).trim()}let d=r.context,g=d.inActions&&d.repository&&d.runId?{repository:`${d.repository.owner}/${d.repository.repo}`,runId:d.runId,runAttempt:_(n.GITHUB_RUN_ATTEMPT)??"1",runnerName:_(n.RUNNER_NAME)}:void 0;return{target:r,provider:{instanceTypes:o,gpu:t!==void 0&&t!==""&&t!=="nogpu",diskSizeGb:u,image:e["cloud-image"]?.trim()||void 0,spot:!!e["cloud-spot"],spotMaxPrice:i===-1?void 0:i,instanceProfile:e["cloud-permission-set"]?.trim()||void 0,securityGroup:e["cloud-aws-security-group"]?.trim()||void 0,subnet:e["cloud-aws-subnet"]?.trim()||void 0},name:c,labels:a,idleTimeoutSeconds:f,maxLifetimeSeconds:l,startupTimeoutSeconds:p,single:!!e.single,reuse:!!e.reuse,reuseIdle:!!e["reuse-idle"],startupScript:h,metadata:y,workflow:g}}function Ze(e,n,r={nameRequired:!0}){let o=e.name?.trim()||void 0;if(!o&&r.nameRequired)throw new m("`cml runner stop` needs the runner name",{hint:"cml runner stop --name <name> (printed by `cml runner launch`)"});if(o&&!/^[A-Za-z0-9._-]{1,64}$/.test(o))throw new m(`--name "${o}" is not a valid runner name`);return{target:H(e,n),name:o}}function Ye(e,n){return{target:H(e,n),dryRun:!!e["dry-run"]}}function $e(e,n,r){let o={instanceTypes:[],gpu:!1,diskSizeGb:35,image:void 0,spot:!1,spotMaxPrice:void 0,instanceProfile:void 0,securityGroup:void 0,subnet:void 0,...n,region:e.region,endpoints:e.aws.endpoints,credentials:e.aws.credentials};return F("aws",e.region,async()=>new(await import("./ec2-provider-H4BH5FER.js")).Ec2RunnerProvider(o,r))}function k(e,n,r){let{logger:o}=r;o.mask(e.token.token),o.mask(e.aws.credentials?.secretAccessKey),o.mask(e.aws.credentials?.sessionToken),o.debug(`GitHub token from ${e.token.source}; API ${e.context.apiUrl}; ${e.cloud} ${e.region}${e.aws.endpoints.ec2?` via ${e.aws.endpoints.ec2}`:""}`);let t=B({token:e.token.token,baseUrl:e.context.apiUrl,logger:o,useProxyFromEnv:e.useProxy,...r.client}),u=$e(e,n,o),s=oe(t,e.scope),i={provider:u,registry:s,logger:o,now:()=>new Date,sleep:a=>he(a,void 0,{signal:r.signal}).catch(()=>{}),signal:r.signal,...r.onMachine?{onMachine:r.onMachine}:{}};return{client:t,provider:u,registry:s,lifecycle:i}}async function Qe(e,n){let{client:r,lifecycle:o}=k(e.target,e.provider,n),t;if(e.workflow){let{repository:s,runId:i,runAttempt:a,runnerName:c}=e.workflow;if(t={repository:s,runId:i,runAttempt:a},c)try{let p=await ie(D(r,A(s,"GITHUB_REPOSITORY")),i,Number(a),c);p!==void 0&&(t={...t,jobId:p})}catch(p){n.logger.debug(`could not find this job's id (${p.message}); a spot interruption will need a manual re-run`)}}let u=n.pollIntervalMs??Math.min(5e3,Math.max(250,Math.floor(e.startupTimeoutSeconds*1e3/10)));return Q({name:e.name,labels:e.labels,scope:x(e.target.scope),idleTimeoutSeconds:e.idleTimeoutSeconds,maxLifetimeSeconds:e.maxLifetimeSeconds,startupTimeoutSeconds:e.startupTimeoutSeconds,single:e.single,reuse:e.reuse,reuseIdle:e.reuseIdle,startupScript:e.startupScript,metadata:e.metadata,keepMetadataAccess:e.provider.instanceProfile!==void 0,workflow:t,pollIntervalMs:u},o)}async function en(e,n){if(!e.name)return n.logger.info("no runner name given: nothing to stop"),{runnerName:"",terminated:[],deregistered:!1,interrupted:!1};let{lifecycle:r}=k(e.target,void 0,n);return ee(e.name,x(e.target.scope),r)}async function nn(e,n){let{client:r,lifecycle:o}=k(e.target,void 0,n),t=e.target.scope.kind==="repo"?e.target.scope:e.target.context.repository,u=t?D(r,{owner:t.owner,repo:t.repo}):void 0;return ne({scope:x(e.target.scope),dryRun:e.dryRun,defaultStartupSeconds:600},{...o,...u?{runs:u}:{}})}async function rn(e,n,r,o,t){let{lifecycle:u}=k(e,void 0,t);await v(n,r,o,u)}function tn(e){return{name:e.runnerName,labels:e.labels,instanceId:e.instanceId,instanceType:e.instanceType,market:e.market,region:e.region,hourlyPrice:e.hourlyPrice,priceSource:e.priceSource,cloud:e.cloud,zone:e.zone,runnerId:e.runnerId,reused:e.reused}}function ae(e){return e.split(/[,\n]/).map(n=>n.trim()).filter(n=>n!=="")}function _(e){return e===void 0||e.trim()===""?void 0:e.trim()}export{ye as a,Fe as b,Ke as c,Xe as d,H as e,qe as f,Ze as g,Ye as h,Qe as i,en as j,nn as k,rn as l,tn as m};
