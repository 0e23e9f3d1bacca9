import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{d as te,e as ie}from"./chunk-JMNQGIMJ.js";import{a as ae,b as U,c as A,d as ue,e as se}from"./chunk-JNTZPUJ4.js";import{d as Y,e as Q}from"./chunk-75324BN5.js";import{d as re,e as oe}from"./chunk-6ISJTPCJ.js";import{b as ee,d as ne}from"./chunk-O6IO4AFJ.js";import{a as G,b as B,c as z,d as V,e as L}from"./chunk-2FMUHEWR.js";import{a as J,b,c as W,d as T,e as F,f as K,g as I,h as X,j as q,l as Z}from"./chunk-G2UDZGF3.js";import{a as h,b as R}from"./chunk-RGFNXV7F.js";function C(e){return`continuous-ml-${e.cloud}-${e.location}`.toLowerCase().replace(/[^a-z0-9._-]/g,"-")}async function N(e,n,r,t){let{logger:o}=t;try{await t.provider.terminate(e),o.info(`terminated ${e}`)}catch(a){o.error(`could not terminate ${e}: ${a.message}; terminate it by hand or run \`cml runner cleanup\``)}await $(t.registry,n,r,o)}async function $(e,n,r,t){try{let o=await e.deleteRunner(n);return o&&t.info(`removed the registration of runner ${r}`),o}catch(o){return t.error(`could not remove the registration of runner ${r}: ${o.message}`),!1}}async function de(e,n){let{provider:r,registry:t,logger:o}=n,a=n.now().getTime(),s=e.dryRun?"would terminate":"terminated",i=await r.list(e.scope),u=await t.listRunners(),l=new Map(u.map(d=>[d.name,d])),m=[],c=[],p=i.filter(d=>d.state==="pending"||d.state==="running");for(let d of p){let y=d.runnerName?l.get(d.runnerName):void 0,M=Ee(d,y,a,e.defaultStartupSeconds);M&&(e.dryRun||await r.terminate(d.id),m.push({machineId:d.id,runnerName:d.runnerName??null,reason:M}),o.info(`${s} ${d.id} (runner ${d.runnerName??"unknown"}): ${M}`),y&&(e.dryRun||await $(t,y.id,y.name,o),c.push({runnerId:y.id,runnerName:y.name,reason:`its machine ${d.id} ${e.dryRun?"would be":"was"} terminated`})))}for(let d of i.filter(y=>y.leftover)){e.dryRun||await r.terminate(d.id);let y=`it has ended${d.stateReason?` (${d.stateReason})`:""}`;m.push({machineId:d.id,runnerName:d.runnerName??null,reason:y}),o.info(`${e.dryRun?"would delete":"deleted"} ${d.id} (runner ${d.runnerName??"unknown"}): ${y}`)}let g=new Set(p.filter(d=>!m.some(y=>y.machineId===d.id)).map(d=>d.runnerName)),w=C(r);for(let d of u)d.status!=="offline"||d.busy||!d.labels.includes(w)||g.has(d.name)||c.some(y=>y.runnerId===d.id)||(e.dryRun||await $(t,d.id,d.name,o),c.push({runnerId:d.id,runnerName:d.name,reason:`offline with no machine in ${r.location}`}),e.dryRun&&o.info(`would remove the registration of offline runner ${d.name}`));let f=n.runs?await Se(i,n.runs,e.dryRun,o):[];return m.length===0&&c.length===0&&f.length===0&&o.info(`nothing to clean up for ${t.description} in ${r.location}`),{terminated:m,deregistered:c,rerun:f,dryRun:e.dryRun}}function Ee(e,n,r,t){if(e.expiresAt&&r>=e.expiresAt.getTime())return`past its expiry (${e.expiresAt.toISOString()})`;let o=e.readyBy?.getTime()??(e.launchedAt?e.launchedAt.getTime()+t*1e3:void 0);if(!(o===void 0||r<o)){if(!n)return"its runner registration is gone";if(n.status==="offline")return"its runner is offline"}}async function Se(e,n,r,t){let o=[],a=new Set;for(let s of e){let i=s.workflow;if(!s.interrupted||!i||!s.runnerName||i.repository!==n.repository)continue;if(i.jobId===void 0){t.warn(`runner ${s.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${i.runId} by hand`);continue}if(a.has(i.jobId))continue;let u=await n.getRun(i.runId);if(!u||u.status!=="completed"||u.conclusion==="success"||String(u.runAttempt)!==i.runAttempt)continue;let m=(await n.listJobs(i.runId,u.runAttempt)).find(c=>c.runnerName===s.runnerName&&(c.conclusion==="failure"||c.conclusion==="cancelled"));m&&(a.add(i.jobId),r||await n.rerunJob(i.jobId),t.info(`${r?"would re-run":"re-ran"} job ${i.jobId} and its dependents in run ${i.runId}: job "${m.name}" lost runner ${s.runnerName} to a spot interruption`),o.push({runId:i.runId,jobId:i.jobId,runnerName:s.runnerName}))}return o}function E(e){return e.kind==="repo"?`repo:${e.owner}/${e.repo}`:`org:${e.org}`}function Le(e){return e.kind==="repo"?`repository ${e.owner}/${e.repo}`:`organization ${e.org}`}function ce(e){return{id:e.id,name:e.name,status:e.status==="online"?"online":"offline",busy:!!e.busy,labels:e.labels.map(n=>n.name)}}var Te=50;function le(e){let n=0;return(r,t)=>{n+=1,n>=Te&&t();let o=r.data;return Array.isArray(o)?o:o[e]??[]}}function me(e,n,r={}){let t=n.kind==="repo"?`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions/runners`:`/orgs/${encodeURIComponent(n.org)}/actions/runners`,o=Le(n),a=n.kind==="repo"?"administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot manage runners)":"organization_self_hosted_runners: write (a fine-grained token or GitHub App)";return{description:o,async createJitRunner(s,i){try{let l=(await e.request(`POST ${t}/generate-jitconfig`,{name:s,labels:[...i],runner_group_id:r.runnerGroupId??1,work_folder:"_work",...T})).data;return{id:l.runner.id,name:l.runner.name,encodedJitConfig:l.encoded_jit_config}}catch(u){let l=b(u,{action:`register runner ${s} for ${o}`,permission:a});throw l.status===409?new J(`cannot register runner ${s} for ${o}: a runner with that name already exists`,409,"choose another --name, or stop the existing runner with `cml runner stop --name "+s+"`",u):l}},async getRunner(s){try{let i=await e.request(`GET ${t}/{runner_id}`,{runner_id:s});return ce(i.data)}catch(i){if(i.status===404)return;throw b(i,{action:`read runner ${s} of ${o}`,permission:a})}},async listRunners(){try{return(await e.paginate(`GET ${t}`,{per_page:100},le("runners"))).map(ce)}catch(s){throw b(s,{action:`list the runners of ${o}`,permission:a})}},async deleteRunner(s){try{return await e.request(`DELETE ${t}/{runner_id}`,{runner_id:s,...T}),!0}catch(i){if(i.status===404)return!1;throw b(i,{action:`remove runner ${s} from ${o}`,permission:a})}}}}function k(e,n){let r=`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions`,t=`${n.owner}/${n.repo}`;return{repository:t,async getRun(o){try{let{data:a}=await e.request(`GET ${r}/runs/{run_id}`,{run_id:Number(o)}),s=a;return{id:s.id,status:s.status,conclusion:s.conclusion,runAttempt:s.run_attempt??1}}catch(a){if(a.status===404)return;throw b(a,{action:`read workflow run ${o} of ${t}`,permission:"actions: read"})}},async listJobs(o,a){try{return(await e.paginate(`GET ${r}/runs/{run_id}/jobs`,{run_id:Number(o),filter:"latest",per_page:100},le("jobs"))).filter(i=>i.run_attempt===void 0||i.run_attempt===a).map(i=>({id:i.id,name:i.name,status:i.status,conclusion:i.conclusion,runnerName:i.runner_name}))}catch(s){throw b(s,{action:`list the jobs of run ${o} of ${t}`,permission:"actions: read"})}},async rerunJob(o){try{await e.request(`POST ${r}/jobs/{job_id}/rerun`,{job_id:o,...T})}catch(a){throw b(a,{action:`re-run job ${o} of ${t}`,permission:"actions: write"})}}}}async function pe(e,n,r,t){let a=(await e.listJobs(n,r)).filter(s=>s.runnerName===t&&s.status==="in_progress");return a.length===1?a[0].id:void 0}import{setTimeout as Ie}from"node:timers/promises";var fe={options:G,buildTarget:Y,buildLaunch:Q,load:()=>import("./ec2-provider-NQFT7SSY.js")};var ge={options:B,buildTarget:re,buildLaunch:oe,load:()=>import("./provider-KEIH27NM.js")};var he={options:z,buildTarget:te,buildLaunch:ie,load:()=>import("./provider-H6WONZOP.js")};var ye={options:V,buildTarget:ue,buildLaunch:se,load:()=>import("./pod-provider-GOLIA73C.js")};var Re={aws:fe,kubernetes:ye,gcp:he,azure:ge};function S(e){let n=(e??L[0]).trim().toLowerCase();if(Object.hasOwn(Re,n))return{name:n,cloud:Re[n]};throw new R(`--cloud "${e}" is not a supported cloud`,{hint:`use --cloud ${L.join(" or ")}`})}function _(e,n,r){let{logger:t}=r;e.token&&t.mask(e.token.token);for(let m of e.secrets)t.mask(m);let o=e.token?`token from ${e.token.source}`:`GitHub App ${e.app?.appId}`;t.debug(`GitHub ${o}; API ${e.context.apiUrl}; ${e.cloud} ${e.location}${e.detail}`);let a=W({token:Ce(e,r),baseUrl:e.context.apiUrl,logger:t,useProxyFromEnv:e.useProxy,...r.client}),{cloud:s}=S(e.cloud),i=ee(e.cloud,e.location,async()=>(await s.load()).createProvider(e,n,t)),u=me(a,e.scope),l={provider:i,registry:u,logger:t,now:()=>new Date,sleep:m=>Ie(m,void 0,{signal:r.signal}).catch(()=>{}),signal:r.signal,...r.onMachine?{onMachine:r.onMachine}:{}};return{client:a,registry:u,lifecycle:l}}function Ce(e,n){if(e.token)return e.token.token;let{app:r,scope:t}=e;if(!r||t.kind!=="repo")throw new Error("a runner target has neither a token nor a GitHub App for a repository");let o=n.client;return F({credentials:r,repository:{owner:t.owner,repo:t.repo},baseUrl:e.context.apiUrl,logger:n.logger,useProxyFromEnv:e.useProxy,...o?{client:o}:{}})}async function Tn(e,n){let{client:r,lifecycle:t}=_(e.target,void 0,n),o=e.target.scope.kind==="repo"?e.target.scope:e.target.context.repository,a=o?k(r,{owner:o.owner,repo:o.repo}):void 0;return de({scope:E(e.target.scope),dryRun:e.dryRun,defaultStartupSeconds:600},{...t,...a?{runs:a}:{}})}var P={s:1,m:60,h:3600,d:86400};function v(e,n){let r=e.trim().toLowerCase();if(/^\d+$/.test(r))return Number(r);let t=/^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(r);if(!t||r==="")throw new h(`${n} must be a duration such as 300, 90s, 5m, 1h30m or 2d; got "${e}"`);let[,o,a,s,i]=t;return Number(o??0)*P.d+Number(a??0)*P.h+Number(s??0)*P.m+Number(i??0)}function j(e,n){let r=e.trim().toLowerCase();if(!(r==="never"||r==="-1"||r==="0"||r==="none"))return v(r,n)}function x(e){let n=Math.round(e);if(!(n>0))return"0s";let r=[];for(let[t,o]of[["d",86400],["h",3600],["m",60],["s",1]])n>=o&&(r.push(`${Math.floor(n/o)}${t}`),n%=o);return r.join("")}function we(e){if(!/^[A-Za-z0-9+/=]+$/.test(e.jitConfig))throw new Error("the JIT configuration is not base64");if(!/^[A-Za-z0-9._-]+$/.test(e.runnerName))throw new Error(`unsafe runner name ${e.runnerName}`);return`#!/bin/bash
# continuous-ml: boot script for self-hosted runner ${e.runnerName}
set -euo pipefail
umask 077

RUNNER_NAME='${e.runnerName}'
RUNNER_VERSION='${ae}'
RUNNER_URL_X64='${A("x64")}'
RUNNER_URL_ARM64='${A("arm64")}'
RUNNER_SHA256_X64='${U.x64}'
RUNNER_SHA256_ARM64='${U.arm64}'
IDLE_TIMEOUT=${e.idleTimeoutSeconds??0}
MAX_LIFETIME=${e.maxLifetimeSeconds??0}
SINGLE=${e.single?1:0}
BLOCK_METADATA=${e.keepMetadataAccess?0:1}
JIT_CONFIG='${e.jitConfig}'
STARTUP_SCRIPT_B64='${e.startupScript===void 0?"":Buffer.from(e.startupScript).toString("base64")}'

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
`}var ke=new Set(["self-hosted","linux","x64","arm64","windows","macos"]);async function D(e,n){let{provider:r,registry:t,logger:o}=n;if(e.reuse||e.reuseIdle){let p=await xe(e,n);if(p)return p}let a=[...new Set([...e.labels,e.name,C(r)])],s=t.createJitRunner(e.name,a);s.catch(()=>{});let i=r.prepare?.();i?.catch(()=>{});let u=await s;o.mask(u.encodedJitConfig),o.info(`registered just-in-time runner ${u.name} (id ${u.id}) for ${t.description} with labels ${e.labels.join(", ")}`);let l=n.now(),m={runnerName:u.name,runnerId:u.id,labels:e.labels,scope:e.scope,expiresAt:e.maxLifetimeSeconds===void 0?void 0:new Date(l.getTime()+e.maxLifetimeSeconds*1e3),readyBy:new Date(l.getTime()+e.startupTimeoutSeconds*1e3),...e.workflow?{workflow:e.workflow}:{},metadata:e.metadata},c;try{let p=we({runnerName:u.name,jitConfig:u.encodedJitConfig,idleTimeoutSeconds:e.idleTimeoutSeconds,maxLifetimeSeconds:e.maxLifetimeSeconds,single:e.single,startupScript:e.startupScript,keepMetadataAccess:e.keepMetadataAccess});await i,c=await r.launch({facts:m,bootScript:p})}catch(p){throw await $(t,u.id,u.name,o),p instanceof ne?new h(`could not launch runner ${u.name} in ${r.location}: ${p.message}`,{hint:"list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered",cause:p}):p}n.onMachine?.(c,u.id,u.name),o.info(`started ${c.id}: ${c.type}, ${c.market}, ${c.zone??c.location}${c.price.usd===null?"":`, $${c.price.usd.toFixed(4)}/h (${c.price.source})`}`);try{await Me(u.id,u.name,c,e,n)}catch(p){throw await N(c.id,u.id,u.name,n),p}return o.info(`runner ${u.name} is online on ${c.id}; target it with \`runs-on: [self-hosted, ${u.name}]\` (or its labels ${e.labels.join(", ")})`),{reused:!1,runnerName:u.name,runnerId:u.id,labels:e.labels,cloud:r.cloud,location:r.location,machineId:c.id,machineType:c.type,market:c.market,zone:c.zone??null,hourlyPrice:c.price.usd,priceSource:c.price.source}}async function xe(e,n){let{provider:r,registry:t,logger:o}=n,a=e.labels.filter(l=>!ke.has(l.toLowerCase())),i=(await t.listRunners()).find(l=>l.status==="online"&&(l.name===e.name||l.labels.some(m=>a.includes(m)))&&(!e.reuseIdle||!l.busy));if(!i){o.info(`no ${e.reuseIdle?"idle ":""}online runner with labels ${a.join(", ")} to reuse; launching one`);return}let u=(await r.list(e.scope)).find(l=>l.runnerName===i.name&&l.state!=="terminated");return o.info(`reusing runner ${i.name}${i.busy?" (busy)":" (idle)"}${u?` on ${u.id}`:""}; nothing launched`),{reused:!0,runnerName:i.name,runnerId:i.id,labels:i.labels.filter(l=>!l.startsWith("continuous-ml-")),cloud:r.cloud,location:r.location,machineId:u?.id??null,machineType:u?.type??null,market:u?.market??null,zone:null,hourlyPrice:null,priceSource:null}}async function Me(e,n,r,t,o){let{registry:a,provider:s,logger:i}=o,u=o.now().getTime(),l=t.startupTimeoutSeconds*1e3,m=Math.max(1,t.pollIntervalMs),c=Math.ceil(l/m)+2,p=u;for(let g=1;g<=c;g+=1){if(o.signal?.aborted)throw new h(`launch of runner ${n} was interrupted; ${r.id} is being terminated`);if((await a.getRunner(e))?.status==="online")return;let f=o.now().getTime()-u;if(f>=l)break;if(g%3===0){let d=await s.describe(r.id);if(d?.failure)throw new h(`${r.id} cannot start, so runner ${n} will not come online: ${d.failure}`,{hint:"the machine and the registration were removed"});if(!d||d.state==="terminated"||d.state==="stopping")throw new h(`${r.id} stopped before runner ${n} came online${d?.stateReason?` (${d.stateReason})`:""}`,{hint:"check the startup script and the instance console output; the registration was removed"})}(o.now().getTime()-p>=15e3||g===1)&&(p=o.now().getTime(),i.info(`waiting for runner ${n} on ${r.id} to come online (${x(f/1e3)} of ${x(t.startupTimeoutSeconds)})`)),await o.sleep(Math.min(m,Math.max(1,l-f)))}throw new h(`runner ${n} did not come online within ${x(t.startupTimeoutSeconds)}; terminated ${r.id} and removed the registration`,{hint:"raise --startup-timeout, or check the instance console output (image, network access to github.com)"})}var Ue=8;function Ae(e,n){if(n===1)return[e];let r=[...new Set([...e.labels,e.name])];return Array.from({length:n},(t,o)=>({...e,name:`${e.name}-${o+1}`,labels:r}))}async function be(e,n,r,t=Ue){let o=Ae(e,n);if(o.length===1)return[await D(o[0],r)];let a=new AbortController,s=r.signal?AbortSignal.any([r.signal,a.signal]):a.signal,i={...r,signal:s},u=new Array(o.length).fill(void 0),l,m=0,c=async()=>{for(;m<o.length&&!s.aborted;){let f=m++;try{u[f]=await D(o[f],i)}catch(d){l??=d,a.abort()}}};if(r.logger.info(`launching ${n} runners, up to ${Math.min(t,n)} at a time, labelled ${e.name}`),await Promise.all(Array.from({length:Math.max(1,Math.min(t,n))},c)),l===void 0&&u.every(f=>f!==void 0))return u;let p=u.filter(f=>f!==void 0);for(let f of p)f.machineId&&f.runnerId!==null&&await N(f.machineId,f.runnerId,f.runnerName,r);let g=l??new h(`the launch of ${n} runners was interrupted`);if(p.length===0)throw g;let w=`${g.message}; the ${p.length} runner${p.length===1?"":"s"} already online ${p.length===1?"was":"were"} removed too`;throw g instanceof h?new h(w,{...g.hint?{hint:g.hint}:{},cause:g}):g}async function Kn(e,n){let{target:r,provider:t,workflow:o,count:a,warnings:s,...i}=e;for(let p of s)n.logger.warn(p);let{client:u,lifecycle:l}=_(r,t,n),m;if(o){let{repository:p,runId:g,runAttempt:w,runnerName:f}=o;if(m={repository:p,runId:g,runAttempt:w},f)try{let d=await pe(k(u,I(p,"GITHUB_REPOSITORY")),g,Number(w),f);d!==void 0&&(m={...m,jobId:d})}catch(d){n.logger.debug(`could not find this job's id (${d.message}); a spot interruption will need a manual re-run`)}}let c=n.pollIntervalMs??Math.min(5e3,Math.max(250,Math.floor(e.startupTimeoutSeconds*1e3/10)));return be({...i,scope:E(r.scope),workflow:m,pollIntervalMs:c},a,l)}async function Xn(e,n,r,t,o){let{lifecycle:a}=_(e,void 0,o);await N(n,r,t,a)}import{randomBytes as Oe}from"node:crypto";function H(e,n){let{name:r,cloud:t}=S(e.cloud),o=t.buildTarget(e,n),a=K(n),s=Pe(e.repo,a),i=X(e.token,n),u=i?void 0:Z(e,n);if(!i&&!u)throw new h("no GitHub token: cannot register a runner",{hint:"pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners), or a GitHub App (--github-app-id, --github-app-private-key) with that permission"});if(u&&s.kind==="org")throw new R(`a GitHub App registers runners of one repository here, not of the organization ${s.org}`,{hint:"pass --repo owner/repo, or a token with admin:org for organization runners"});return{cloud:r,...o,scope:s,token:i,app:u,context:a,useProxy:q(n)}}function Pe(e,n){let r=e?.trim().replace(/\/+$/,"");if(!r){if(!n.repository)throw new h("no repository: cannot register a runner",{hint:"pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY"});return{kind:"repo",...n.repository}}let t=/^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(r);return t?.[1]?{kind:"org",org:t[1]}:/^[A-Za-z0-9_.-]+$/.test(r)?{kind:"org",org:r}:{kind:"repo",...I(r,"--repo")}}function or(e,n){let r=H(e,n),t=S(r.cloud).cloud.buildLaunch(e),o=_e(e.labels??"cml");if(o.length===0)throw new R("--labels is empty",{hint:"give at least one label, e.g. --labels cml"});for(let f of o)if(!/^[A-Za-z0-9._-]{1,100}$/.test(f))throw new R(`--labels: "${f}" is not a valid label`,{hint:'labels use letters, digits, ".", "_" and "-"'});let a=e.name?.trim()||`cml-${Oe(5).toString("hex")}`;if(!/^[A-Za-z0-9._-]{1,64}$/.test(a))throw new R(`--name "${a}" is not a valid runner name`,{hint:'use up to 64 letters, digits, ".", "_" and "-"'});let s=v(e["startup-timeout"]??"10m","--startup-timeout");if(s<1)throw new R("--startup-timeout must be at least 1 second");let i=j(e["max-lifetime"]??"24h","--max-lifetime");if(i!==void 0&&i<60)throw new R("--max-lifetime must be at least 60 seconds (or never)");let u=j(e["idle-timeout"]??"5m","--idle-timeout"),l,m=e["cloud-startup-script"]?.trim();if(m){if(!/^[A-Za-z0-9+/=\s]+$/.test(m))throw new R("--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`");l=Buffer.from(m,"base64")}let c=ve(e.count);if(c>1&&(e.reuse||e["reuse-idle"]))throw new h("--reuse and --reuse-idle apply to one runner, not to --count",{hint:"drop one of them"});let p=[];(e["docker-volumes"]??[]).length>0&&p.push("--docker-volumes is ignored: in CML it applies to GitLab runners only"),e["cloud-ssh-private"]?.trim()&&p.push("--cloud-ssh-private is ignored: no SSH is used, the machine registers itself");let g=r.context,w=!e["no-retry"]&&g.inActions&&g.repository&&g.runId?{repository:`${g.repository.owner}/${g.repository.repo}`,runId:g.runId,runAttempt:$e(n.GITHUB_RUN_ATTEMPT)??"1",runnerName:$e(n.RUNNER_NAME)}:void 0;return{target:r,provider:t,name:a,labels:o,idleTimeoutSeconds:u,maxLifetimeSeconds:i,startupTimeoutSeconds:s,single:!!e.single,reuse:!!e.reuse,reuseIdle:!!e["reuse-idle"],startupScript:l,metadata:je(e["cloud-metadata"]??[]),keepMetadataAccess:!!e["cloud-permission-set"]?.trim(),count:c,warnings:p,workflow:w}}function ve(e){let n=(e??"1").trim(),r=Number(n);if(!/^\d+$/.test(n)||r<1||r>100)throw new h(`--count must be a whole number from 1 to 100, got "${e}"`);return r}function je(e){let n={};for(let r of e)for(let t of _e(r)){let o=t.indexOf("="),a=o>0?t.slice(0,o).trim():"";if(!a)throw new R(`--cloud-metadata "${t}" must be key=value`);if(/^(aws|cml):/i.test(a)||a==="Name")throw new R(`--cloud-metadata key "${a}" is reserved`);if(a.length>128)throw new R(`--cloud-metadata key "${a.slice(0,20)}..." is longer than 128 characters`);n[a]=t.slice(o+1).trim()}return n}function tr(e,n,r={nameRequired:!0}){let t=e.name?.trim()||void 0;if(!t&&r.nameRequired)throw new h("`cml runner stop` needs the runner name",{hint:"cml runner stop --name <name> (printed by `cml runner launch`)"});if(t&&!/^[A-Za-z0-9._-]{1,64}$/.test(t))throw new R(`--name "${t}" is not a valid runner name`);return{target:H(e,n),name:t}}function ir(e,n){return{target:H(e,n),dryRun:!!e["dry-run"]}}function _e(e){return e.split(/[,\n]/).map(n=>n.trim()).filter(n=>n!=="")}function $e(e){return e===void 0||e.trim()===""?void 0:e.trim()}async function Ne(e,n,r){let{provider:t,registry:o,logger:a}=r,s=(await t.list(n)).filter(m=>m.runnerName===e),i=[];for(let m of s.filter(c=>c.state!=="terminated"||c.leftover))await t.terminate(m.id),i.push(m.id),a.info(`terminated ${m.id} (runner ${e})`);let u=!1;for(let m of(await o.listRunners()).filter(c=>c.name===e))m.busy&&a.warn(`runner ${e} is still running a job; removing it anyway`),u=await $(o,m.id,e,a)||u;let l=s.some(m=>m.interrupted);return l&&a.warn(`runner ${e} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`),i.length===0&&!u&&a.info(`nothing to stop: no machine or registration named ${e} in ${t.location}`),{runnerName:e,terminated:i,deregistered:u,interrupted:l}}async function mr(e,n){if(!e.name)return n.logger.info("no runner name given: nothing to stop"),{runnerName:"",terminated:[],deregistered:!1,interrupted:!1};let{lifecycle:r}=_(e.target,void 0,n);return Ne(e.name,E(e.target.scope),r)}export{Tn as a,Kn as b,Xn as c,H as d,or as e,tr as f,ir as g,mr as h};
