import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{b as P,d as D}from"./chunk-O6IO4AFJ.js";import{a as N}from"./chunk-CJ4RSLWA.js";import{b as H,c as R,d as G,e as E,f as B,g as S,h as J,j as W}from"./chunk-SEHVDNBX.js";import{a as f}from"./chunk-RGFNXV7F.js";function I(e){return`continuous-ml-${e.cloud}-${e.location}`.toLowerCase().replace(/[^a-z0-9._-]/g,"-")}async function T(e,n,r,o){let{logger:t}=o;try{await o.provider.terminate(e),t.info(`terminated ${e}`)}catch(a){t.error(`could not terminate ${e}: ${a.message}; terminate it by hand or run \`cml runner cleanup\``)}await y(o.registry,n,r,t)}async function y(e,n,r,o){try{let t=await e.deleteRunner(n);return t&&o.info(`removed the registration of runner ${r}`),t}catch(t){return o.error(`could not remove the registration of runner ${r}: ${t.message}`),!1}}async function z(e,n){let{provider:r,registry:o,logger:t}=n,a=n.now().getTime(),u=e.dryRun?"would terminate":"terminated",i=await r.list(e.scope),s=await o.listRunners(),d=new Map(s.map(l=>[l.name,l])),m=[],c=[],p=i.filter(l=>l.state==="pending"||l.state==="running");for(let l of p){let h=l.runnerName?d.get(l.runnerName):void 0,U=ne(l,h,a,e.defaultStartupSeconds);U&&(e.dryRun||await r.terminate(l.id),m.push({machineId:l.id,runnerName:l.runnerName??null,reason:U}),t.info(`${u} ${l.id} (runner ${l.runnerName??"unknown"}): ${U}`),h&&(e.dryRun||await y(o,h.id,h.name,t),c.push({runnerId:h.id,runnerName:h.name,reason:`its machine ${l.id} ${e.dryRun?"would be":"was"} terminated`})))}let g=new Set(p.filter(l=>!m.some(h=>h.machineId===l.id)).map(l=>l.runnerName)),$=I(r);for(let l of s)l.status!=="offline"||l.busy||!l.labels.includes($)||g.has(l.name)||c.some(h=>h.runnerId===l.id)||(e.dryRun||await y(o,l.id,l.name,t),c.push({runnerId:l.id,runnerName:l.name,reason:`offline with no machine in ${r.location}`}),e.dryRun&&t.info(`would remove the registration of offline runner ${l.name}`));let b=n.runs?await re(i,n.runs,e.dryRun,t):[];return m.length===0&&c.length===0&&b.length===0&&t.info(`nothing to clean up for ${o.description} in ${r.location}`),{terminated:m,deregistered:c,rerun:b,dryRun:e.dryRun}}function ne(e,n,r,o){if(e.expiresAt&&r>=e.expiresAt.getTime())return`past its expiry (${e.expiresAt.toISOString()})`;let t=e.readyBy?.getTime()??(e.launchedAt?e.launchedAt.getTime()+o*1e3:void 0);if(!(t===void 0||r<t)){if(!n)return"its runner registration is gone";if(n.status==="offline")return"its runner is offline"}}async function re(e,n,r,o){let t=[],a=new Set;for(let u of e){let i=u.workflow;if(!u.interrupted||!i||!u.runnerName||i.repository!==n.repository)continue;if(i.jobId===void 0){o.warn(`runner ${u.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${i.runId} by hand`);continue}if(a.has(i.jobId))continue;let s=await n.getRun(i.runId);if(!s||s.status!=="completed"||s.conclusion==="success"||String(s.runAttempt)!==i.runAttempt)continue;let m=(await n.listJobs(i.runId,s.runAttempt)).find(c=>c.runnerName===u.runnerName&&(c.conclusion==="failure"||c.conclusion==="cancelled"));m&&(a.add(i.jobId),r||await n.rerunJob(i.jobId),o.info(`${r?"would re-run":"re-ran"} job ${i.jobId} and its dependents in run ${i.runId}: job "${m.name}" lost runner ${u.runnerName} to a spot interruption`),t.push({runId:i.runId,jobId:i.jobId,runnerName:u.runnerName}))}return t}function _(e){return e.kind==="repo"?`repo:${e.owner}/${e.repo}`:`org:${e.org}`}function te(e){return e.kind==="repo"?`repository ${e.owner}/${e.repo}`:`organization ${e.org}`}function V(e){return{id:e.id,name:e.name,status:e.status==="online"?"online":"offline",busy:!!e.busy,labels:e.labels.map(n=>n.name)}}var oe=50;function F(e){let n=0;return(r,o)=>{n+=1,n>=oe&&o();let t=r.data;return Array.isArray(t)?t:t[e]??[]}}function K(e,n,r={}){let o=n.kind==="repo"?`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions/runners`:`/orgs/${encodeURIComponent(n.org)}/actions/runners`,t=te(n),a=n.kind==="repo"?"administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot manage runners)":"organization_self_hosted_runners: write (a fine-grained token or GitHub App)";return{description:t,async createJitRunner(u,i){try{let d=(await e.request(`POST ${o}/generate-jitconfig`,{name:u,labels:[...i],runner_group_id:r.runnerGroupId??1,work_folder:"_work",...E})).data;return{id:d.runner.id,name:d.runner.name,encodedJitConfig:d.encoded_jit_config}}catch(s){let d=R(s,{action:`register runner ${u} for ${t}`,permission:a});throw d.status===409?new H(`cannot register runner ${u} for ${t}: a runner with that name already exists`,409,"choose another --name, or stop the existing runner with `cml runner stop --name "+u+"`",s):d}},async getRunner(u){try{let i=await e.request(`GET ${o}/{runner_id}`,{runner_id:u});return V(i.data)}catch(i){if(i.status===404)return;throw R(i,{action:`read runner ${u} of ${t}`,permission:a})}},async listRunners(){try{return(await e.paginate(`GET ${o}`,{per_page:100},F("runners"))).map(V)}catch(u){throw R(u,{action:`list the runners of ${t}`,permission:a})}},async deleteRunner(u){try{return await e.request(`DELETE ${o}/{runner_id}`,{runner_id:u,...E}),!0}catch(i){if(i.status===404)return!1;throw R(i,{action:`remove runner ${u} from ${t}`,permission:a})}}}}function k(e,n){let r=`/repos/${encodeURIComponent(n.owner)}/${encodeURIComponent(n.repo)}/actions`,o=`${n.owner}/${n.repo}`;return{repository:o,async getRun(t){try{let{data:a}=await e.request(`GET ${r}/runs/{run_id}`,{run_id:Number(t)}),u=a;return{id:u.id,status:u.status,conclusion:u.conclusion,runAttempt:u.run_attempt??1}}catch(a){if(a.status===404)return;throw R(a,{action:`read workflow run ${t} of ${o}`,permission:"actions: read"})}},async listJobs(t,a){try{return(await e.paginate(`GET ${r}/runs/{run_id}/jobs`,{run_id:Number(t),filter:"latest",per_page:100},F("jobs"))).filter(i=>i.run_attempt===void 0||i.run_attempt===a).map(i=>({id:i.id,name:i.name,status:i.status,conclusion:i.conclusion,runnerName:i.runner_name}))}catch(u){throw R(u,{action:`list the jobs of run ${t} of ${o}`,permission:"actions: read"})}},async rerunJob(t){try{await e.request(`POST ${r}/jobs/{job_id}/rerun`,{job_id:t,...E})}catch(a){throw R(a,{action:`re-run job ${t} of ${o}`,permission:"actions: write"})}}}}async function X(e,n,r,o){let a=(await e.listJobs(n,r)).filter(u=>u.runnerName===o&&u.status==="in_progress");return a.length===1?a[0].id:void 0}import{setTimeout as ie}from"node:timers/promises";function w(e,n,r){let{logger:o}=r;o.mask(e.token.token);for(let d of e.secrets)o.mask(d);o.debug(`GitHub token from ${e.token.source}; API ${e.context.apiUrl}; ${e.cloud} ${e.location}${e.detail}`);let t=G({token:e.token.token,baseUrl:e.context.apiUrl,logger:o,useProxyFromEnv:e.useProxy,...r.client}),{cloud:a}=N(e.cloud),u=P(e.cloud,e.location,async()=>(await a.load()).createProvider(e,n,o)),i=K(t,e.scope),s={provider:u,registry:i,logger:o,now:()=>new Date,sleep:d=>ie(d,void 0,{signal:r.signal}).catch(()=>{}),signal:r.signal,...r.onMachine?{onMachine:r.onMachine}:{}};return{client:t,registry:i,lifecycle:s}}async function ke(e,n){let{client:r,lifecycle:o}=w(e.target,void 0,n),t=e.target.scope.kind==="repo"?e.target.scope:e.target.context.repository,a=t?k(r,{owner:t.owner,repo:t.repo}):void 0;return z({scope:_(e.target.scope),dryRun:e.dryRun,defaultStartupSeconds:600},{...o,...a?{runs:a}:{}})}var M={s:1,m:60,h:3600,d:86400};function A(e,n){let r=e.trim().toLowerCase();if(/^\d+$/.test(r))return Number(r);let o=/^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(r);if(!o||r==="")throw new f(`${n} must be a duration such as 300, 90s, 5m, 1h30m or 2d; got "${e}"`);let[,t,a,u,i]=o;return Number(t??0)*M.d+Number(a??0)*M.h+Number(u??0)*M.m+Number(i??0)}function C(e,n){let r=e.trim().toLowerCase();if(!(r==="never"||r==="-1"||r==="0"||r==="none"))return A(r,n)}function L(e){if(e<=0)return"0s";let n=[],r=Math.round(e);for(let[o,t]of[["d",86400],["h",3600],["m",60],["s",1]])r>=t&&(n.push(`${Math.floor(r/t)}${o}`),r%=t);return n.join("")}var x="2.337.0",O={x64:"70920811a4f8ad4328818682bca5c6469c1c942fab52448868071d0063816613",arm64:"9b1dc70626422526e3c94767cf024896beb15da5342a3f4819bf2feac13e0393"};function ae(e){return`actions-runner-linux-${e}-${x}.tar.gz`}function j(e){return`https://github.com/actions/runner/releases/download/v${x}/${ae(e)}`}function q(e){if(!/^[A-Za-z0-9+/=]+$/.test(e.jitConfig))throw new Error("the JIT configuration is not base64");if(!/^[A-Za-z0-9._-]+$/.test(e.runnerName))throw new Error(`unsafe runner name ${e.runnerName}`);let n=e.startupScript===void 0?"":e.startupScript;return`#!/bin/bash
# continuous-ml: boot script for self-hosted runner ${e.runnerName}
set -euo pipefail
umask 077

RUNNER_NAME='${e.runnerName}'
RUNNER_VERSION='${x}'
RUNNER_URL_X64='${j("x64")}'
RUNNER_URL_ARM64='${j("arm64")}'
RUNNER_SHA256_X64='${O.x64}'
RUNNER_SHA256_ARM64='${O.arm64}'
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
`}var se=new Set(["self-hosted","linux","x64","arm64","windows","macos"]);async function Z(e,n){let{provider:r,registry:o,logger:t}=n;if(e.reuse||e.reuseIdle){let p=await ue(e,n);if(p)return p}let a=[...new Set([...e.labels,e.name,I(r)])],u=o.createJitRunner(e.name,a);u.catch(()=>{});let i=r.prepare?.();i?.catch(()=>{});let s=await u;t.mask(s.encodedJitConfig),t.info(`registered just-in-time runner ${s.name} (id ${s.id}) for ${o.description} with labels ${e.labels.join(", ")}`);let d=n.now(),m={runnerName:s.name,runnerId:s.id,labels:e.labels,scope:e.scope,expiresAt:e.maxLifetimeSeconds===void 0?void 0:new Date(d.getTime()+e.maxLifetimeSeconds*1e3),readyBy:new Date(d.getTime()+e.startupTimeoutSeconds*1e3),...e.workflow?{workflow:e.workflow}:{},metadata:e.metadata},c;try{let p=q({runnerName:s.name,jitConfig:s.encodedJitConfig,idleTimeoutSeconds:e.idleTimeoutSeconds,maxLifetimeSeconds:e.maxLifetimeSeconds,single:e.single,startupScript:e.startupScript,keepMetadataAccess:e.keepMetadataAccess});await i,c=await r.launch({facts:m,bootScript:p})}catch(p){throw await y(o,s.id,s.name,t),p instanceof D?new f(`could not launch runner ${s.name} in ${r.location}: ${p.message}`,{hint:"list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered",cause:p}):p}n.onMachine?.(c,s.id),t.info(`started ${c.id}: ${c.type}, ${c.market}, ${c.zone??c.location}${c.price.usd===null?"":`, $${c.price.usd.toFixed(4)}/h (${c.price.source})`}`);try{await ce(s.id,s.name,c,e,n)}catch(p){throw await T(c.id,s.id,s.name,n),p}return t.info(`runner ${s.name} is online on ${c.id}; target it with \`runs-on: [self-hosted, ${s.name}]\` (or its labels ${e.labels.join(", ")})`),{reused:!1,runnerName:s.name,runnerId:s.id,labels:e.labels,cloud:r.cloud,location:r.location,machineId:c.id,machineType:c.type,market:c.market,zone:c.zone??null,hourlyPrice:c.price.usd,priceSource:c.price.source}}async function ue(e,n){let{provider:r,registry:o,logger:t}=n,a=e.labels.filter(d=>!se.has(d.toLowerCase())),i=(await o.listRunners()).find(d=>d.status==="online"&&(d.name===e.name||d.labels.some(m=>a.includes(m)))&&(!e.reuseIdle||!d.busy));if(!i){t.info(`no ${e.reuseIdle?"idle ":""}online runner with labels ${a.join(", ")} to reuse; launching one`);return}let s=(await r.list(e.scope)).find(d=>d.runnerName===i.name&&d.state!=="terminated");return t.info(`reusing runner ${i.name}${i.busy?" (busy)":" (idle)"}${s?` on ${s.id}`:""}; nothing launched`),{reused:!0,runnerName:i.name,runnerId:i.id,labels:i.labels.filter(d=>!d.startsWith("continuous-ml-")),cloud:r.cloud,location:r.location,machineId:s?.id??null,machineType:s?.type??null,market:s?.market??null,zone:null,hourlyPrice:null,priceSource:null}}async function ce(e,n,r,o,t){let{registry:a,provider:u,logger:i}=t,s=t.now().getTime(),d=o.startupTimeoutSeconds*1e3,m=Math.max(1,o.pollIntervalMs),c=Math.ceil(d/m)+2,p=s;for(let g=1;g<=c;g+=1){if(t.signal?.aborted)throw new f(`launch of runner ${n} was interrupted; ${r.id} is being terminated`);if((await a.getRunner(e))?.status==="online")return;let b=t.now().getTime()-s;if(b>=d)break;if(g%3===0){let l=await u.describe(r.id);if(!l||l.state==="terminated"||l.state==="stopping")throw new f(`${r.id} stopped before runner ${n} came online${l?.stateReason?` (${l.stateReason})`:""}`,{hint:"check the startup script and the instance console output; the registration was removed"})}(t.now().getTime()-p>=15e3||g===1)&&(p=t.now().getTime(),i.info(`waiting for runner ${n} on ${r.id} to come online (${L(b/1e3)} of ${L(o.startupTimeoutSeconds)})`)),await t.sleep(Math.min(m,Math.max(1,d-b)))}throw new f(`runner ${n} did not come online within ${L(o.startupTimeoutSeconds)}; terminated ${r.id} and removed the registration`,{hint:"raise --startup-timeout, or check the instance console output (image, network access to github.com)"})}async function Ve(e,n){let{target:r,provider:o,workflow:t,...a}=e,{client:u,lifecycle:i}=w(r,o,n),s;if(t){let{repository:m,runId:c,runAttempt:p,runnerName:g}=t;if(s={repository:m,runId:c,runAttempt:p},g)try{let $=await X(k(u,S(m,"GITHUB_REPOSITORY")),c,Number(p),g);$!==void 0&&(s={...s,jobId:$})}catch($){n.logger.debug(`could not find this job's id (${$.message}); a spot interruption will need a manual re-run`)}}let d=n.pollIntervalMs??Math.min(5e3,Math.max(250,Math.floor(e.startupTimeoutSeconds*1e3/10)));return Z({...a,scope:_(r.scope),workflow:s,pollIntervalMs:d},i)}async function Fe(e,n,r,o,t){let{lifecycle:a}=w(e,void 0,t);await T(n,r,o,a)}import{randomBytes as de}from"node:crypto";function v(e,n){let{name:r,cloud:o}=N(e.cloud),t=o.buildTarget(e,n),a=B(n),u=le(e.repo,a),i=J(e.token,n);if(!i)throw new f("no GitHub token: cannot register a runner",{hint:"pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners)"});return{cloud:r,...t,scope:u,token:i,context:a,useProxy:W(n)}}function le(e,n){let r=e?.trim().replace(/\/+$/,"");if(!r){if(!n.repository)throw new f("no repository: cannot register a runner",{hint:"pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY"});return{kind:"repo",...n.repository}}let o=/^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(r);return o?.[1]?{kind:"org",org:o[1]}:/^[A-Za-z0-9_.-]+$/.test(r)?{kind:"org",org:r}:{kind:"repo",...S(r,"--repo")}}function en(e,n){let r=v(e,n),o=N(r.cloud).cloud.buildLaunch(e),t=Q(e.labels??"cml");if(t.length===0)throw new f("--labels is empty",{hint:"give at least one label, e.g. --labels cml"});for(let g of t)if(!/^[A-Za-z0-9._-]{1,100}$/.test(g))throw new f(`--labels: "${g}" is not a valid label`,{hint:'labels use letters, digits, ".", "_" and "-"'});let a=e.name?.trim()||`cml-${de(5).toString("hex")}`;if(!/^[A-Za-z0-9._-]{1,64}$/.test(a))throw new f(`--name "${a}" is not a valid runner name`,{hint:'use up to 64 letters, digits, ".", "_" and "-"'});let u=A(e["startup-timeout"]??"10m","--startup-timeout");if(u<1)throw new f("--startup-timeout must be at least 1 second");let i=C(e["max-lifetime"]??"24h","--max-lifetime");if(i!==void 0&&i<60)throw new f("--max-lifetime must be at least 60 seconds (or never)");let s=C(e["idle-timeout"]??"5m","--idle-timeout"),d,m=e["cloud-startup-script"]?.trim();if(m){if(!/^[A-Za-z0-9+/=\s]+$/.test(m))throw new f("--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`");d=Buffer.from(m,"base64").toString("utf8")}let c=r.context,p=c.inActions&&c.repository&&c.runId?{repository:`${c.repository.owner}/${c.repository.repo}`,runId:c.runId,runAttempt:Y(n.GITHUB_RUN_ATTEMPT)??"1",runnerName:Y(n.RUNNER_NAME)}:void 0;return{target:r,provider:o,name:a,labels:t,idleTimeoutSeconds:s,maxLifetimeSeconds:i,startupTimeoutSeconds:u,single:!!e.single,reuse:!!e.reuse,reuseIdle:!!e["reuse-idle"],startupScript:d,metadata:me(e["cloud-metadata"]??[]),keepMetadataAccess:!!e["cloud-permission-set"]?.trim(),workflow:p}}function me(e){let n={};for(let r of e)for(let o of Q(r)){let t=o.indexOf("="),a=t>0?o.slice(0,t).trim():"";if(!a)throw new f(`--cloud-metadata "${o}" must be key=value`);if(/^(aws|cml):/i.test(a)||a==="Name")throw new f(`--cloud-metadata key "${a}" is reserved`);if(a.length>128)throw new f(`--cloud-metadata key "${a.slice(0,20)}..." is longer than 128 characters`);n[a]=o.slice(t+1).trim()}return n}function nn(e,n,r={nameRequired:!0}){let o=e.name?.trim()||void 0;if(!o&&r.nameRequired)throw new f("`cml runner stop` needs the runner name",{hint:"cml runner stop --name <name> (printed by `cml runner launch`)"});if(o&&!/^[A-Za-z0-9._-]{1,64}$/.test(o))throw new f(`--name "${o}" is not a valid runner name`);return{target:v(e,n),name:o}}function rn(e,n){return{target:v(e,n),dryRun:!!e["dry-run"]}}function Q(e){return e.split(/[,\n]/).map(n=>n.trim()).filter(n=>n!=="")}function Y(e){return e===void 0||e.trim()===""?void 0:e.trim()}async function ee(e,n,r){let{provider:o,registry:t,logger:a}=r,u=(await o.list(n)).filter(m=>m.runnerName===e),i=[];for(let m of u.filter(c=>c.state!=="terminated"))await o.terminate(m.id),i.push(m.id),a.info(`terminated ${m.id} (runner ${e})`);let s=!1;for(let m of(await t.listRunners()).filter(c=>c.name===e))m.busy&&a.warn(`runner ${e} is still running a job; removing it anyway`),s=await y(t,m.id,e,a)||s;let d=u.some(m=>m.interrupted);return d&&a.warn(`runner ${e} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`),i.length===0&&!s&&a.info(`nothing to stop: no machine or registration named ${e} in ${o.location}`),{runnerName:e,terminated:i,deregistered:s,interrupted:d}}async function dn(e,n){if(!e.name)return n.logger.info("no runner name given: nothing to stop"),{runnerName:"",terminated:[],deregistered:!1,interrupted:!1};let{lifecycle:r}=w(e.target,void 0,n);return ee(e.name,_(e.target.scope),r)}export{ke as a,Ve as b,Fe as c,v as d,en as e,nn as f,rn as g,dn as h};
