// The boot script is checked by bash itself (`bash -n`) and then run for real in a sandbox: stubs
// of every command that could power off or reconfigure the machine (tests may run as root), a stub
// runner, the runner "pre-installed" at the pinned version, tiny timeouts. The watchdog must power
// the machine off for each of its three reasons.

import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderBootScript, type BootScriptSettings } from '../../../src/core/runner/user-data.js';
import { RUNNER_SHA256, RUNNER_VERSION } from '../../../src/core/runner/runner-release.js';

const JIT = Buffer.from(JSON.stringify({ '.runner': 'cnVubmVy', '.credentials': 'Y3JlZHM=' })).toString('base64');
const base: BootScriptSettings = {
  runnerName: 'cml-sandbox',
  jitConfig: JIT,
  idleTimeoutSeconds: 300,
  maxLifetimeSeconds: 86_400,
  single: false,
  startupScript: undefined,
  keepMetadataAccess: false,
};

let sandbox: string;
beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'cml-boot-'));
});
afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

function run(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Commands that power off, reboot or reconfigure the machine: stubbed in every sandbox. */
const POWER_COMMANDS = ['shutdown', 'poweroff', 'halt', 'reboot', 'systemctl', 'init', 'telinit'];
const GUARDED_COMMANDS = [...POWER_COMMANDS, 'useradd', 'usermod', 'runuser', 'iptables'];

/** A machine in a directory: stub binaries first on PATH, the runner pre-installed, cloud-init's copies. */
function machine(runnerBehaviour: string): Record<string, string> {
  const bin = join(sandbox, 'bin');
  const home = join(sandbox, 'actions-runner');
  mkdirSync(bin, { recursive: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(join(sandbox, 'cloud/instance/scripts'), { recursive: true });
  writeFileSync(join(sandbox, 'cloud/instance/user-data.txt'), 'secret copy');
  writeFileSync(join(sandbox, 'cloud/instance/scripts/part-001'), 'secret copy');
  // Every stub records its call in machine.log; shutdown also in shutdown.log, and fails when told to.
  for (const name of GUARDED_COMMANDS) {
    const shutdown = name === 'shutdown' ? `printf '%s\\n' "$*" >> '${sandbox}/shutdown.log'\nexit "\${CML_TEST_SHUTDOWN_EXIT:-0}"\n` : '';
    writeFileSync(join(bin, name), `#!/bin/bash\nprintf '%s %s\\n' '${name}' "$*" >> '${sandbox}/machine.log'\n${shutdown}`);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(home, 'run.sh'), `#!/bin/bash\nprintf '%s\\n' "$*" > '${sandbox}/runner-args'\n${runnerBehaviour}\n`);
  writeFileSync(join(home, '.continuous-ml-runner-version'), `${RUNNER_VERSION}\n`);
  chmodSync(join(home, 'run.sh'), 0o755);
  return {
    // The stubs first; no sbin directory, where the real power commands live.
    PATH: [bin, ...(process.env.PATH ?? '/usr/bin:/bin').split(':').filter((directory) => directory !== '' && !/sbin\/?$/.test(directory))].join(':'),
    CML_RUNNER_HOME: home,
    CML_RUNNER_USER: userInfo().username,
    CML_STATE_DIR: join(sandbox, 'state'),
    CML_CLOUD_DIR: join(sandbox, 'cloud'),
    CML_WATCH_INTERVAL: '0.1',
  };
}

async function boot(
  settings: Partial<BootScriptSettings>,
  runnerBehaviour: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stderr: string; shutdowns: string[]; machineLog: string[]; elapsedMs: number }> {
  const env = { ...machine(runnerBehaviour), ...extraEnv };
  const script = join(sandbox, 'user-data.sh');
  writeFileSync(script, renderBootScript({ ...base, ...settings }));
  const started = Date.now();
  const result = await run('bash', [script], env);
  const log = join(sandbox, 'shutdown.log');
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
  return { code: result.code, stderr: result.stderr, shutdowns: lines(log), machineLog: lines(join(sandbox, 'machine.log')), elapsedMs: Date.now() - started };
}

const WORKER_LOG = 'mkdir -p "$CML_RUNNER_HOME/_diag" && touch "$CML_RUNNER_HOME/_diag/Worker_20260101-000000-utc.log"';

describe('boot script', () => {
  it('passes bash -n, pins the runner release with both checksums and holds no token', async () => {
    const script = renderBootScript({ ...base, startupScript: Buffer.from('echo "hello from the startup script"') });
    const path = join(sandbox, 'user-data.sh');
    writeFileSync(path, script);
    const checked = await run('bash', ['-n', path]);
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    expect(script).toContain(`RUNNER_VERSION='${RUNNER_VERSION}'`);
    expect(script).toContain(`RUNNER_SHA256_X64='${RUNNER_SHA256.x64}'`);
    expect(script).toContain(`RUNNER_SHA256_ARM64='${RUNNER_SHA256.arm64}'`);
    expect(script).toContain(
      `RUNNER_URL_X64='https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz'`,
    );
    expect(script).toContain(
      `RUNNER_URL_ARM64='https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/actions-runner-linux-arm64-${RUNNER_VERSION}.tar.gz'`,
    );
    expect(script).toContain('sha256sum -c');
    expect(script).not.toMatch(/gh[pousr]_|GITHUB_TOKEN|AWS_SECRET|AWS_ACCESS_KEY/);
  });

  it('refuses values that would break out of their quotes', () => {
    expect(() => renderBootScript({ ...base, jitConfig: "abc'; rm -rf /; '" })).toThrow(/not base64/);
    expect(() => renderBootScript({ ...base, runnerName: 'a b' })).toThrow(/unsafe runner name/);
  });

  it('checks the whole value: a bad character first, last or alone is refused; every allowed one passes', () => {
    for (const jitConfig of ["'x", "x'", "'", '', 'YWJj\nx', 'ab c', 'a-b', 'a_b', 'a.b']) {
      expect(() => renderBootScript({ ...base, jitConfig }), JSON.stringify(jitConfig)).toThrow('the JIT configuration is not base64');
    }
    for (const runnerName of ["'x", "x'", "'", '', 'a/b', 'a+b', 'a=b', 'ab\n']) {
      expect(() => renderBootScript({ ...base, runnerName }), JSON.stringify(runnerName)).toThrow(`unsafe runner name ${runnerName}`);
    }
    const jitConfig = 'ABCXYZabcxyz0189+/==';
    const runnerName = 'AZaz09._-';
    const script = renderBootScript({ ...base, jitConfig, runnerName });
    expect(script).toContain(`JIT_CONFIG='${jitConfig}'\n`);
    expect(script).toContain(`RUNNER_NAME='${runnerName}'\n`);
    expect(script).toContain(`# continuous-ml: boot script for self-hosted runner ${runnerName}\n`);
  });

  it('writes each setting into its variable: unset timeouts as 0, single job, metadata blocking', () => {
    const variables = (settings: Partial<BootScriptSettings>): string[] =>
      renderBootScript({ ...base, ...settings })
        .split('\n')
        .filter((line) => /^(IDLE_TIMEOUT|MAX_LIFETIME|SINGLE|BLOCK_METADATA|STARTUP_SCRIPT_B64)=/.test(line));
    expect(variables({ idleTimeoutSeconds: undefined, maxLifetimeSeconds: undefined })).toEqual([
      'IDLE_TIMEOUT=0',
      'MAX_LIFETIME=0',
      'SINGLE=0',
      'BLOCK_METADATA=1',
      "STARTUP_SCRIPT_B64=''",
    ]);
    expect(variables({ single: true, keepMetadataAccess: true, startupScript: Buffer.from('echo hi\n') })).toEqual([
      'IDLE_TIMEOUT=300',
      'MAX_LIFETIME=86400',
      'SINGLE=1',
      'BLOCK_METADATA=0',
      "STARTUP_SCRIPT_B64='ZWNobyBoaQo='",
    ]);
  });

  it('powers off after the idle timeout when no job starts, and removes cloud-init copies of the secret', async () => {
    const result = await boot({ idleTimeoutSeconds: 1 }, 'exec sleep 30');
    expect(result.code).toBe(0);
    expect(result.shutdowns).toEqual(['-h +1440 continuous-ml: max lifetime', '-h now continuous-ml: no job within the idle timeout of 1s']);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(900);
    expect(result.elapsedMs).toBeLessThan(10_000);
    expect(readFileSync(join(sandbox, 'runner-args'), 'utf8').trim()).toBe(`--jitconfig ${JIT}`);
    expect(existsSync(join(sandbox, 'cloud/instance/user-data.txt'))).toBe(false);
    expect(existsSync(join(sandbox, 'cloud/instance/scripts/part-001'))).toBe(false);
    expect(result.stderr).not.toContain(JIT);
  });

  it('runs with every power command stubbed: each name resolves to the sandbox, none to the real machine', async () => {
    const env = machine('exit 0');
    for (const name of POWER_COMMANDS) {
      const found = await run('bash', ['-c', `command -v ${name}`], env);
      expect(found.stdout.trim(), name).toBe(join(sandbox, 'bin', name));
    }
  });

  it('falls back to poweroff when shutdown fails', async () => {
    const result = await boot({ idleTimeoutSeconds: 1 }, 'exec sleep 30', { CML_TEST_SHUTDOWN_EXIT: '1' });
    expect(result.machineLog).toEqual([
      'shutdown -h +1440 continuous-ml: max lifetime',
      'shutdown -h now continuous-ml: no job within the idle timeout of 1s',
      'poweroff',
    ]);
  });

  it('powers off as soon as the runner has finished its one job (--single)', async () => {
    const result = await boot({ single: true, idleTimeoutSeconds: 60 }, `${WORKER_LOG}\nsleep 0.3\nexit 0`);
    expect(result.shutdowns.at(-1)).toBe('-h now continuous-ml: the runner finished its job (status 0)');
    expect(result.stderr).toContain('a job started');
    expect(result.elapsedMs).toBeLessThan(10_000);
  });

  it('uses the runner an image already has (a runner pod), with no version marker and no download', async () => {
    const env: Record<string, string> = { ...machine('exit 0'), CML_RUNNER_PREINSTALLED: '1' };
    rmSync(join(env.CML_RUNNER_HOME!, '.continuous-ml-runner-version'));
    const script = join(sandbox, 'user-data.sh');
    writeFileSync(script, renderBootScript(base));
    const result = await run('bash', [script], env);
    expect(result.stderr).toContain(`using the runner installed in the image at ${env.CML_RUNNER_HOME}`);
    expect(result.stderr).not.toContain('downloading actions/runner');
    expect(readFileSync(join(sandbox, 'runner-args'), 'utf8')).toBe(`--jitconfig ${JIT}\n`);
  });

  it('powers off when the runner exits before taking a job', async () => {
    const result = await boot({ idleTimeoutSeconds: 60 }, 'exit 3');
    expect(result.shutdowns.at(-1)).toBe('-h now continuous-ml: the runner exited before taking a job (status 3)');
  });

  it('powers off at the max lifetime even while a job runs, and schedules the cap at boot', async () => {
    const result = await boot({ idleTimeoutSeconds: 1, maxLifetimeSeconds: 2 }, `${WORKER_LOG}\nexec sleep 30`);
    expect(result.shutdowns).toEqual(['-h +1 continuous-ml: max lifetime', '-h now continuous-ml: max lifetime of 2s reached']);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(1900);
    expect(result.elapsedMs).toBeLessThan(10_000);
  });

  it('runs the startup script before the runner, and powers off if it fails', async () => {
    const ok = await boot({ idleTimeoutSeconds: 1, startupScript: Buffer.from(`echo ran > '${sandbox}/startup-ran'`) }, 'exec sleep 30');
    expect(readFileSync(join(sandbox, 'startup-ran'), 'utf8')).toBe('ran\n');
    expect(ok.shutdowns.at(-1)).toMatch(/idle timeout/);
    rmSync(join(sandbox, 'shutdown.log'));
    rmSync(join(sandbox, 'runner-args'));
    const failed = await boot({ startupScript: Buffer.from('exit 7') }, 'exec sleep 30');
    expect(failed.shutdowns.at(-1)).toBe('-h now continuous-ml: the startup script failed');
    expect(existsSync(join(sandbox, 'runner-args'))).toBe(false);
  });
});
