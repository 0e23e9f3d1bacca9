import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{b as D,d as H}from"./chunk-O6IO4AFJ.js";import{a as S}from"./chunk-HK7AFX3D.js";import{a as G,b as A,c as M}from"./chunk-JNTZPUJ4.js";import{a as B,b as $,c as J,d as I,e as W,f as z,g as L,h as V,j as F,l as K}from"./chunk-JBHQ3OWO.js";import{a as g,b as R}from"./chunk-RGFNXV7F.js";function T(e){return`continuous-ml-${e.cloud}-${e.location}`.toLowerCase().replace(/[^a-z0-9._-]/g,"-")}async function N(e,n,r,o){let{logger:t}=o;try{await o.provider.terminate(e),t.info(`terminated ${e}`)}catch(i){t.error(`could not terminate ${e}: ${i.message}; terminate it by hand or run \`cml runner cleanup\``)}await b(o.registry,n,r,t)}async function b(e,n,r,o){try{let t=await e.deleteRunner(n);return t&&o.info(`removed the registration of runner ${r}`),t}catch(t){return o.error(`could not remove the registration of runner ${r}: ${t.message}`),!1}}async function X(e,n){let{provider:r,registry:o,logger:t}=n,i=n.now().getTime(),u=e.dryRun?"would terminate":"terminated",a=await r.list(e.scope),s=await o.listRunners(),l=new Map(s.map(c=>[c.name,c])),m=[],d=[],p=a.filter(c=>c.state==="pending"||c.state==="running");for(let c of p){let y=c.runnerName?l.get(c.runnerName):void 0,x=ie(c,y,i,e.defaultStartupSeconds);x&&(e.dryRun||await r.terminate(c.id),m.push({machineId:c.id,runnerName:c.runnerName??null,reason:x}),t.info(`${u} ${c.id} (runner ${c.runnerName??"unknown"}): ${x}`),y&&(e.dryRun||await b(o,y.id,y.name,t),d.push({runnerId:y.id,runnerName:y.name,reason:`its machine ${c.id} ${e.dryRun?"would be":"was"} terminated`})))}for(let c of a.filter(y=>y.leftover)){e.dryRun||await r.terminate(c.id);let y=`it has ended${c.stateReason?` (${c.stateReason})`:""}`;m.push({machineId:c.id,runnerName:c.runnerName??null,reason:y}),t.info(`${e.dryRun?"would delete":"deleted"} ${c.id} (runner ${c.runnerName??"unknown"}): ${y}`)}let h=new Set(p.filter(c=>!m.some(y=>y.machineId===c.id)).map(c=>c.runnerName)),w=T(r);for(let c of s)c.status!=="offline"||c.busy||!c.labels.includes(w)||h.has(c.name)||d.some(y=>y.runnerId===c.id)||(e.dryRun||await b(o,c.id,c.name,t),d.push({runnerId:c.id,runnerName:c.name,reason:`offline with no machine in ${r.location}`}),e.dryRun&&t.info(`would remove the registration of offline runner ${c.name}`));let f=n.runs?await ae(a,n.runs,e.dryRun,t):[];return m.length===0&&d.length===0&&f.length===0&&t.info(`nothing to clean up for ${o.description} in ${r.location}`),{terminated:m,deregistered:d,rerun:f,dryRun:e.dryRun}}function ie(e,n,r,o){if(e.expiresAt&&r>=e.expiresAt.getTime())return`past its expiry (${e.expiresAt.toISOString()})`;let t=e.readyBy?.getTime()??(e.launchedAt?e.launchedAt.getTime()+o*1e3:void 0);if(!(t===void 0||r<t)){if(!n)return"its runner registration is gone";if(n.status==="offline")return"its runner is offline"}}async function ae(e,n,r,o){let t=[],i=new Set;for(let u of e){let a=u.workflow;if(!u.interrupted||!a||!u.runnerName||a.repository!==n.repository)continue;if(a.jobId===void 0){o.warn(`runner ${u.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${a.runId} by hand`);continue}if(i.has(a.jobId))continue;let s=await n.getRun(a.runId);if(!s||s.status!=="completed"||s.conclusion==="success"||String(s.runAttempt)!==a.runAttempt)continue;let m=(await n.listJobs(a.runId,s.runAttempt)).find(d=>d.runnerName===u.runnerName&&(d.conclusion==="failure"||d.conclusion==="cancelled"));m&&(i.add(a.jobId),r||await n.rerunJob(a.jobId),o.info(`${r?"would re-run":"re-ran"} job ${a.jobId} and its dependents in run ${a.runId}: job "${m.name}" lost runner ${u.runnerName} to a spot interruption`),t.push({runId:a.runId,jobId:a.jobId,runnerName:u.runnerName}))}return t}function E(e){return e.kind==="repo"?`repo:${e.owner}/${e.repo}`:`org:${e.org}`}function se(e){return e.kind==="repo"?`repository ${e.owner}/${e.repo}`:`organization ${e.org}`}function q(e){return{id:e.id,name:e.name,status:e.status==="online"?"online":"offline",busy:!!e.busy,labels:e.labels.map(n=>n.name)}}var ue=50;function Z(e){let n=0;return(r,o)=>{n+=1,n>=ue&&o();let t=r.data;return Array.isArray(t)?t:t[e]??[]}}function Y(e,n,r={}){let o=n.kind==="repo"?`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions/runners`:`/orgs/${encodeURIComponent(n.org)}/actions/runners`,t=se(n),i=n.kind==="repo"?"administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot manage runners)":"organization_self_hosted_runners: write (a fine-grained token or GitHub App)";return{description:t,async createJitRunner(u,a){try{let l=(await e.request(`POST ${o}/generate-jitconfig`,{name:u,labels:[...a],runner_group_id:r.runnerGroupId??1,work_folder:"_work",...I})).data;return{id:l.runner.id,name:l.runner.name,encodedJitConfig:l.encoded_jit_config}}catch(s){let l=$(s,{action:`register runner ${u} for ${t}`,permission:i});throw l.status===409?new B(`cannot register runner ${u} for ${t}: a runner with that name already exists`,409,"choose another --name, or stop the existing runner with `cml runner stop --name "+u+"`",s):l}},async getRunner(u){try{let a=await e.request(`GET ${o}/{runner_id}`,{runner_id:u});return q(a.data)}catch(a){if(a.status===404)return;throw $(a,{action:`read runner ${u} of ${t}`,permission:i})}},async listRunners(){try{return(await e.paginate(`GET ${o}`,{per_page:100},Z("runners"))).map(q)}catch(u){throw $(u,{action:`list the runners of ${t}`,permission:i})}},async deleteRunner(u){try{return await e.request(`DELETE ${o}/{runner_id}`,{runner_id:u,...I}),!0}catch(a){if(a.status===404)return!1;throw $(a,{action:`remove runner ${u} from ${t}`,permission:i})}}}}function k(e,n){let r=`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions`,o=`${n.owner}/${n.repo}`;return{repository:o,async getRun(t){try{let{data:i}=await e.request(`GET ${r}/runs/{run_id}`,{run_id:Number(t)}),u=i;return{id:u.id,status:u.status,conclusion:u.conclusion,runAttempt:u.run_attempt??1}}catch(i){if(i.status===404)return;throw $(i,{action:`read workflow run ${t} of ${o}`,permission:"actions: read"})}},async listJobs(t,i){try{return(await e.paginate(`GET ${r}/runs/{run_id}/jobs`,{run_id:Number(t),filter:"latest",per_page:100},Z("jobs"))).filter(a=>a.run_attempt===void 0||a.run_attempt===i).map(a=>({id:a.id,name:a.name,status:a.status,conclusion:a.conclusion,runnerName:a.runner_name}))}catch(u){throw $(u,{action:`list the jobs of run ${t} of ${o}`,permission:"actions: read"})}},async rerunJob(t){try{await e.request(`POST ${r}/jobs/{job_id}/rerun`,{job_id:t,...I})}catch(i){throw $(i,{action:`re-run job ${t} of ${o}`,permission:"actions: write"})}}}}async function Q(e,n,r,o){let i=(await e.listJobs(n,r)).filter(u=>u.runnerName===o&&u.status==="in_progress");return i.length===1?i[0].id:void 0}import{setTimeout as ce}from"node:timers/promises";function _(e,n,r){let{logger:o}=r;e.token&&o.mask(e.token.token);for(let m of e.secrets)o.mask(m);let t=e.token?`token from ${e.token.source}`:`GitHub App ${e.app?.appId}`;o.debug(`GitHub ${t}; API ${e.context.apiUrl}; ${e.cloud} ${e.location}${e.detail}`);let i=J({token:de(e,r),baseUrl:e.context.apiUrl,logger:o,useProxyFromEnv:e.useProxy,...r.client}),{cloud:u}=S(e.cloud),a=D(e.cloud,e.location,async()=>(await u.load()).createProvider(e,n,o)),s=Y(i,e.scope),l={provider:a,registry:s,logger:o,now:()=>new Date,sleep:m=>ce(m,void 0,{signal:r.signal}).catch(()=>{}),signal:r.signal,...r.onMachine?{onMachine:r.onMachine}:{}};return{client:i,registry:s,lifecycle:l}}function de(e,n){if(e.token)return e.token.token;let{app:r,scope:o}=e;if(!r||o.kind!=="repo")throw new Error("a runner target has neither a token nor a GitHub App for a repository");let t,i=n.client;return()=>t??=W({credentials:r,repository:{owner:o.owner,repo:o.repo},baseUrl:e.context.apiUrl,logger:n.logger,useProxyFromEnv:e.useProxy,...i?{client:i}:{}})}async function Pe(e,n){let{client:r,lifecycle:o}=_(e.target,void 0,n),t=e.target.scope.kind==="repo"?e.target.scope:e.target.context.repository,i=t?k(r,{owner:t.owner,repo:t.repo}):void 0;return X({scope:E(e.target.scope),dryRun:e.dryRun,defaultStartupSeconds:600},{...o,...i?{runs:i}:{}})}var C={s:1,m:60,h:3600,d:86400};function O(e,n){let r=e.trim().toLowerCase();if(/^\d+$/.test(r))return Number(r);let o=/^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(r);if(!o||r==="")throw new g(`${n} must be a duration such as 300, 90s, 5m, 1h30m or 2d; got "${e}"`);let[,t,i,u,a]=o;return Number(t??0)*C.d+Number(i??0)*C.h+Number(u??0)*C.m+Number(a??0)}function P(e,n){let r=e.trim().toLowerCase();if(!(r==="never"||r==="-1"||r==="0"||r==="none"))return O(r,n)}function U(e){let n=Math.round(e);if(!(n>0))return"0s";let r=[];for(let[o,t]of[["d",86400],["h",3600],["m",60],["s",1]])n>=t&&(r.push(`${Math.floor(n/t)}${o}`),n%=t);return r.join("")}function ee(e){if(!/^[A-Za-z0-9+/=]+$/.test(e.jitConfig))throw new Error("the JIT configuration is not base64");if(!/^[A-Za-z0-9._-]+$/.test(e.runnerName))throw new Error(`unsafe runner name ${e.runnerName}`);return`#!/bin/bash
# continuous-ml: boot script for self-hosted runner ${e.runnerName}
set -euo pipefail
umask 077

RUNNER_NAME='${e.runnerName}'
RUNNER_VERSION='${G}'
RUNNER_URL_X64='${M("x64")}'
RUNNER_URL_ARM64='${M("arm64")}'
RUNNER_SHA256_X64='${A.x64}'
RUNNER_SHA256_ARM64='${A.arm64}'
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
`}var le=new Set(["self-hosted","linux","x64","arm64","windows","macos"]);async function j(e,n){let{provider:r,registry:o,logger:t}=n;if(e.reuse||e.reuseIdle){let p=await me(e,n);if(p)return p}let i=[...new Set([...e.labels,e.name,T(r)])],u=o.createJitRunner(e.name,i);u.catch(()=>{});let a=r.prepare?.();a?.catch(()=>{});let s=await u;t.mask(s.encodedJitConfig),t.info(`registered just-in-time runner ${s.name} (id ${s.id}) for ${o.description} with labels ${e.labels.join(", ")}`);let l=n.now(),m={runnerName:s.name,runnerId:s.id,labels:e.labels,scope:e.scope,expiresAt:e.maxLifetimeSeconds===void 0?void 0:new Date(l.getTime()+e.maxLifetimeSeconds*1e3),readyBy:new Date(l.getTime()+e.startupTimeoutSeconds*1e3),...e.workflow?{workflow:e.workflow}:{},metadata:e.metadata},d;try{let p=ee({runnerName:s.name,jitConfig:s.encodedJitConfig,idleTimeoutSeconds:e.idleTimeoutSeconds,maxLifetimeSeconds:e.maxLifetimeSeconds,single:e.single,startupScript:e.startupScript,keepMetadataAccess:e.keepMetadataAccess});await a,d=await r.launch({facts:m,bootScript:p})}catch(p){throw await b(o,s.id,s.name,t),p instanceof H?new g(`could not launch runner ${s.name} in ${r.location}: ${p.message}`,{hint:"list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered",cause:p}):p}n.onMachine?.(d,s.id,s.name),t.info(`started ${d.id}: ${d.type}, ${d.market}, ${d.zone??d.location}${d.price.usd===null?"":`, $${d.price.usd.toFixed(4)}/h (${d.price.source})`}`);try{await pe(s.id,s.name,d,e,n)}catch(p){throw await N(d.id,s.id,s.name,n),p}return t.info(`runner ${s.name} is online on ${d.id}; target it with \`runs-on: [self-hosted, ${s.name}]\` (or its labels ${e.labels.join(", ")})`),{reused:!1,runnerName:s.name,runnerId:s.id,labels:e.labels,cloud:r.cloud,location:r.location,machineId:d.id,machineType:d.type,market:d.market,zone:d.zone??null,hourlyPrice:d.price.usd,priceSource:d.price.source}}async function me(e,n){let{provider:r,registry:o,logger:t}=n,i=e.labels.filter(l=>!le.has(l.toLowerCase())),a=(await o.listRunners()).find(l=>l.status==="online"&&(l.name===e.name||l.labels.some(m=>i.includes(m)))&&(!e.reuseIdle||!l.busy));if(!a){t.info(`no ${e.reuseIdle?"idle ":""}online runner with labels ${i.join(", ")} to reuse; launching one`);return}let s=(await r.list(e.scope)).find(l=>l.runnerName===a.name&&l.state!=="terminated");return t.info(`reusing runner ${a.name}${a.busy?" (busy)":" (idle)"}${s?` on ${s.id}`:""}; nothing launched`),{reused:!0,runnerName:a.name,runnerId:a.id,labels:a.labels.filter(l=>!l.startsWith("continuous-ml-")),cloud:r.cloud,location:r.location,machineId:s?.id??null,machineType:s?.type??null,market:s?.market??null,zone:null,hourlyPrice:null,priceSource:null}}async function pe(e,n,r,o,t){let{registry:i,provider:u,logger:a}=t,s=t.now().getTime(),l=o.startupTimeoutSeconds*1e3,m=Math.max(1,o.pollIntervalMs),d=Math.ceil(l/m)+2,p=s;for(let h=1;h<=d;h+=1){if(t.signal?.aborted)throw new g(`launch of runner ${n} was interrupted; ${r.id} is being terminated`);if((await i.getRunner(e))?.status==="online")return;let f=t.now().getTime()-s;if(f>=l)break;if(h%3===0){let c=await u.describe(r.id);if(c?.failure)throw new g(`${r.id} cannot start, so runner ${n} will not come online: ${c.failure}`,{hint:"the machine and the registration were removed"});if(!c||c.state==="terminated"||c.state==="stopping")throw new g(`${r.id} stopped before runner ${n} came online${c?.stateReason?` (${c.stateReason})`:""}`,{hint:"check the startup script and the instance console output; the registration was removed"})}(t.now().getTime()-p>=15e3||h===1)&&(p=t.now().getTime(),a.info(`waiting for runner ${n} on ${r.id} to come online (${U(f/1e3)} of ${U(o.startupTimeoutSeconds)})`)),await t.sleep(Math.min(m,Math.max(1,l-f)))}throw new g(`runner ${n} did not come online within ${U(o.startupTimeoutSeconds)}; terminated ${r.id} and removed the registration`,{hint:"raise --startup-timeout, or check the instance console output (image, network access to github.com)"})}var fe=8;function he(e,n){if(n===1)return[e];let r=[...new Set([...e.labels,e.name])];return Array.from({length:n},(o,t)=>({...e,name:`${e.name}-${t+1}`,labels:r}))}async function ne(e,n,r,o=fe){let t=he(e,n);if(t.length===1)return[await j(t[0],r)];let i=new AbortController,u=r.signal?AbortSignal.any([r.signal,i.signal]):i.signal,a={...r,signal:u},s=new Array(t.length).fill(void 0),l,m=0,d=async()=>{for(;m<t.length&&!u.aborted;){let f=m++;try{s[f]=await j(t[f],a)}catch(c){l??=c,i.abort()}}};if(r.logger.info(`launching ${n} runners, up to ${Math.min(o,n)} at a time, labelled ${e.name}`),await Promise.all(Array.from({length:Math.max(1,Math.min(o,n))},d)),l===void 0&&s.every(f=>f!==void 0))return s;let p=s.filter(f=>f!==void 0);for(let f of p)f.machineId&&f.runnerId!==null&&await N(f.machineId,f.runnerId,f.runnerName,r);let h=l??new g(`the launch of ${n} runners was interrupted`);if(p.length===0)throw h;let w=`${h.message}; the ${p.length} runner${p.length===1?"":"s"} already online ${p.length===1?"was":"were"} removed too`;throw h instanceof g?new g(w,{...h.hint?{hint:h.hint}:{},cause:h}):h}async function tn(e,n){let{target:r,provider:o,workflow:t,count:i,warnings:u,...a}=e;for(let p of u)n.logger.warn(p);let{client:s,lifecycle:l}=_(r,o,n),m;if(t){let{repository:p,runId:h,runAttempt:w,runnerName:f}=t;if(m={repository:p,runId:h,runAttempt:w},f)try{let c=await Q(k(s,L(p,"GITHUB_REPOSITORY")),h,Number(w),f);c!==void 0&&(m={...m,jobId:c})}catch(c){n.logger.debug(`could not find this job's id (${c.message}); a spot interruption will need a manual re-run`)}}let d=n.pollIntervalMs??Math.min(5e3,Math.max(250,Math.floor(e.startupTimeoutSeconds*1e3/10)));return ne({...a,scope:E(r.scope),workflow:m,pollIntervalMs:d},i,l)}async function on(e,n,r,o,t){let{lifecycle:i}=_(e,void 0,t);await N(n,r,o,i)}import{randomBytes as ge}from"node:crypto";function v(e,n){let{name:r,cloud:o}=S(e.cloud),t=o.buildTarget(e,n),i=z(n),u=ye(e.repo,i),a=V(e.token,n),s=a?void 0:K(e,n);if(!a&&!s)throw new g("no GitHub token: cannot register a runner",{hint:"pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners), or a GitHub App (--github-app-id, --github-app-private-key) with that permission"});if(s&&u.kind==="org")throw new R(`a GitHub App registers runners of one repository here, not of the organization ${u.org}`,{hint:"pass --repo owner/repo, or a token with admin:org for organization runners"});return{cloud:r,...t,scope:u,token:a,app:s,context:i,useProxy:F(n)}}function ye(e,n){let r=e?.trim().replace(/\/+$/,"");if(!r){if(!n.repository)throw new g("no repository: cannot register a runner",{hint:"pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY"});return{kind:"repo",...n.repository}}let o=/^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(r);return o?.[1]?{kind:"org",org:o[1]}:/^[A-Za-z0-9_.-]+$/.test(r)?{kind:"org",org:r}:{kind:"repo",...L(r,"--repo")}}function pn(e,n){let r=v(e,n),o=S(r.cloud).cloud.buildLaunch(e),t=te(e.labels??"cml");if(t.length===0)throw new R("--labels is empty",{hint:"give at least one label, e.g. --labels cml"});for(let f of t)if(!/^[A-Za-z0-9._-]{1,100}$/.test(f))throw new R(`--labels: "${f}" is not a valid label`,{hint:'labels use letters, digits, ".", "_" and "-"'});let i=e.name?.trim()||`cml-${ge(5).toString("hex")}`;if(!/^[A-Za-z0-9._-]{1,64}$/.test(i))throw new R(`--name "${i}" is not a valid runner name`,{hint:'use up to 64 letters, digits, ".", "_" and "-"'});let u=O(e["startup-timeout"]??"10m","--startup-timeout");if(u<1)throw new R("--startup-timeout must be at least 1 second");let a=P(e["max-lifetime"]??"24h","--max-lifetime");if(a!==void 0&&a<60)throw new R("--max-lifetime must be at least 60 seconds (or never)");let s=P(e["idle-timeout"]??"5m","--idle-timeout"),l,m=e["cloud-startup-script"]?.trim();if(m){if(!/^[A-Za-z0-9+/=\s]+$/.test(m))throw new R("--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`");l=Buffer.from(m,"base64")}let d=Re(e.count);if(d>1&&(e.reuse||e["reuse-idle"]))throw new g("--reuse and --reuse-idle apply to one runner, not to --count",{hint:"drop one of them"});let p=[];(e["docker-volumes"]??[]).length>0&&p.push("--docker-volumes is ignored: in CML it applies to GitLab runners only"),e["cloud-ssh-private"]?.trim()&&p.push("--cloud-ssh-private is ignored: no SSH is used, the machine registers itself");let h=r.context,w=!e["no-retry"]&&h.inActions&&h.repository&&h.runId?{repository:`${h.repository.owner}/${h.repository.repo}`,runId:h.runId,runAttempt:re(n.GITHUB_RUN_ATTEMPT)??"1",runnerName:re(n.RUNNER_NAME)}:void 0;return{target:r,provider:o,name:i,labels:t,idleTimeoutSeconds:s,maxLifetimeSeconds:a,startupTimeoutSeconds:u,single:!!e.single,reuse:!!e.reuse,reuseIdle:!!e["reuse-idle"],startupScript:l,metadata:we(e["cloud-metadata"]??[]),keepMetadataAccess:!!e["cloud-permission-set"]?.trim(),count:d,warnings:p,workflow:w}}function Re(e){let n=(e??"1").trim(),r=Number(n);if(!/^\d+$/.test(n)||r<1||r>100)throw new g(`--count must be a whole number from 1 to 100, got "${e}"`);return r}function we(e){let n={};for(let r of e)for(let o of te(r)){let t=o.indexOf("="),i=t>0?o.slice(0,t).trim():"";if(!i)throw new R(`--cloud-metadata "${o}" must be key=value`);if(/^(aws|cml):/i.test(i)||i==="Name")throw new R(`--cloud-metadata key "${i}" is reserved`);if(i.length>128)throw new R(`--cloud-metadata key "${i.slice(0,20)}..." is longer than 128 characters`);n[i]=o.slice(t+1).trim()}return n}function fn(e,n,r={nameRequired:!0}){let o=e.name?.trim()||void 0;if(!o&&r.nameRequired)throw new g("`cml runner stop` needs the runner name",{hint:"cml runner stop --name <name> (printed by `cml runner launch`)"});if(o&&!/^[A-Za-z0-9._-]{1,64}$/.test(o))throw new R(`--name "${o}" is not a valid runner name`);return{target:v(e,n),name:o}}function hn(e,n){return{target:v(e,n),dryRun:!!e["dry-run"]}}function te(e){return e.split(/[,\n]/).map(n=>n.trim()).filter(n=>n!=="")}function re(e){return e===void 0||e.trim()===""?void 0:e.trim()}async function oe(e,n,r){let{provider:o,registry:t,logger:i}=r,u=(await o.list(n)).filter(m=>m.runnerName===e),a=[];for(let m of u.filter(d=>d.state!=="terminated"||d.leftover))await o.terminate(m.id),a.push(m.id),i.info(`terminated ${m.id} (runner ${e})`);let s=!1;for(let m of(await t.listRunners()).filter(d=>d.name===e))m.busy&&i.warn(`runner ${e} is still running a job; removing it anyway`),s=await b(t,m.id,e,i)||s;let l=u.some(m=>m.interrupted);return l&&i.warn(`runner ${e} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`),a.length===0&&!s&&i.info(`nothing to stop: no machine or registration named ${e} in ${o.location}`),{runnerName:e,terminated:a,deregistered:s,interrupted:l}}async function _n(e,n){if(!e.name)return n.logger.info("no runner name given: nothing to stop"),{runnerName:"",terminated:[],deregistered:!1,interrupted:!1};let{lifecycle:r}=_(e.target,void 0,n);return oe(e.name,E(e.target.scope),r)}export{Pe as a,tn as b,on as c,v as d,pn as e,fn as f,hn as g,_n as h};
