import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseOptionalDuration } from '../../../src/core/runner/durations.js';
import { architectureOf, hasGpu, resolveInstanceTypes, resolveRegion } from '../../../src/clouds/aws/presets.js';
import { onDemandPrice } from '../../../src/clouds/aws/prices.js';
import { encodeUserData } from '../../../src/clouds/aws/run-input.js';
import { buildLaunchSettings, parseScope } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { readGitHubContext } from '../../../src/forges/github/context.js';
import { gunzipSync } from 'node:zlib';

const env = { GITHUB_REPOSITORY: 'acme/widget', REPO_TOKEN: 'ghp_x', AWS_REGION: 'us-east-1' };
const settings = (argv: string[], extra: Record<string, string> = {}) => buildLaunchSettings(parseCommand(launchSpec, argv, {}).values, { ...env, ...extra });

describe('durations', () => {
  it('reads seconds and unit compounds', () => {
    expect(parseDuration('300', 'x')).toBe(300);
    expect(parseDuration('5m', 'x')).toBe(300);
    expect(parseDuration('1h30m', 'x')).toBe(5400);
    expect(parseDuration('2d', 'x')).toBe(172_800);
    expect(parseOptionalDuration('never', 'x')).toBeUndefined();
    expect(parseOptionalDuration('-1', 'x')).toBeUndefined();
    expect(() => parseDuration('5 minutes', '--idle-timeout')).toThrow(/--idle-timeout must be a duration/);
    expect(() => parseDuration('', '--idle-timeout')).toThrow(/--idle-timeout/);
    expect(formatDuration(3725)).toBe('1h2m5s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(0.3)).toBe('0s');
    expect(formatDuration(59.6)).toBe('1m');
  });
});

describe('CML presets', () => {
  it('maps regions and sizes as CML does', () => {
    expect(resolveRegion('us-west')).toBe('us-west-1');
    expect(resolveRegion('eu-north')).toBe('eu-north-1');
    expect(resolveRegion('ap-southeast-2')).toBe('ap-southeast-2');
    expect(() => resolveRegion('mars')).toThrow(/not an AWS region/);
    expect(resolveInstanceTypes('m', undefined)).toEqual(['m5.2xlarge']);
    expect(resolveInstanceTypes('m+t4', undefined)).toEqual(['g4dn.xlarge']);
    expect(resolveInstanceTypes('l', 'v100')).toEqual(['p3.8xlarge']);
    expect(resolveInstanceTypes('m', 'tesla')).toEqual(['p3.2xlarge']);
    expect(resolveInstanceTypes('xl', 'nogpu')).toEqual(['m5.16xlarge']);
    expect(resolveInstanceTypes('g5.xlarge, g6.xlarge,g5.xlarge', undefined)).toEqual(['g5.xlarge', 'g6.xlarge']);
    expect(() => resolveInstanceTypes('huge', undefined)).toThrow(/neither a preset nor an instance type/);
    expect(() => resolveInstanceTypes('m', 'a100')).toThrow(/--cloud-gpu "a100" is not known/);
  });

  it('knows Graviton and GPU families', () => {
    expect(['t4g.large', 'm7g.xlarge', 'c7gn.large', 'g5g.xlarge', 'a1.large'].map(architectureOf)).toEqual(Array(5).fill('arm64'));
    expect(['m5.2xlarge', 'g4dn.xlarge', 'p3.2xlarge', 'm6i.large', 'inf2.xlarge'].map(architectureOf)).toEqual(Array(5).fill('x86_64'));
    expect(['g4dn.xlarge', 'g5.xlarge', 'p5.48xlarge', 'g5g.xlarge'].every(hasGpu)).toBe(true);
    expect(['m5.2xlarge', 'c7g.large', 't2.micro'].some(hasGpu)).toBe(false);
  });

  it('prices on-demand only where the list price is known', () => {
    expect(onDemandPrice('us-east-1', 'g4dn.xlarge')).toEqual({ usd: 0.526, source: 'on-demand list price (us-east-1)' });
    expect(onDemandPrice('eu-west-1', 'g4dn.xlarge').usd).toBeNull();
    expect(onDemandPrice('us-east-1', 'g6.xlarge').usd).toBeNull();
  });
});

describe('launch settings', () => {
  it('takes CML defaults', () => {
    const s = settings([]);
    expect(s.labels).toEqual(['cml']);
    expect(s.name).toMatch(/^cml-[0-9a-f]{10}$/);
    expect(s.idleTimeoutSeconds).toBe(300);
    expect(s.startupTimeoutSeconds).toBe(600);
    expect(s.maxLifetimeSeconds).toBe(86_400);
    expect(s.provider).toMatchObject({ instanceTypes: ['m5.2xlarge'], diskSizeGb: 35, spot: false, spotMaxPrice: undefined });
    expect(s.target).toMatchObject({ location: 'us-east-1', scope: { kind: 'repo', owner: 'acme', repo: 'widget' } });
    expect(settings([], { AWS_REGION: '' }).target.location).toBe('us-west-1');
  });

  it('decodes the base64 startup script and reads metadata tags', () => {
    const s = settings([
      '--cloud-startup-script',
      Buffer.from('apt-get install -y htop').toString('base64'),
      '--cloud-metadata',
      'team=vision',
      '--cloud-metadata',
      'cost-center=42',
    ]);
    expect(Buffer.from(s.startupScript!).toString('utf8')).toBe('apt-get install -y htop');
    expect(s.metadata).toEqual({ team: 'vision', 'cost-center': '42' });
  });

  it('rejects bad input up front with one clear line', () => {
    expect(() => settings(['--cloud-hdd-size', 'big'])).toThrow(/--cloud-hdd-size must be a whole number/);
    expect(() => settings(['--cloud-spot-price', '0.5'])).toThrow(/--cloud-spot-price needs --cloud-spot/);
    expect(() => settings(['--cloud-spot', '--cloud-spot-price', 'cheap'])).toThrow(/--cloud-spot-price must be a price/);
    expect(() => settings(['--labels', 'a b'])).toThrow(/not a valid label/);
    expect(() => settings(['--name', 'bad name'])).toThrow(/not a valid runner name/);
    expect(() => settings(['--cloud-metadata', 'cml:tool=x'])).toThrow(/reserved/);
    expect(() => settings(['--max-lifetime', '10s'])).toThrow(/at least 60 seconds/);
    expect(() => settings(['--cloud', 'hetzner'])).toThrow(/--cloud "hetzner" is not a supported cloud/);
    expect(() => settings(['--cloud', 'ovh'])).toThrow(/not a supported cloud/);
    expect(() => settings([], { REPO_TOKEN: '' })).toThrow(/no GitHub token/);
  });

  it('reads --repo as a repository or an organization', () => {
    const context = readGitHubContext({});
    expect(parseScope('acme/widget', context)).toEqual({ kind: 'repo', owner: 'acme', repo: 'widget' });
    expect(parseScope('https://github.com/acme/widget', context)).toEqual({ kind: 'repo', owner: 'acme', repo: 'widget' });
    expect(parseScope('https://github.com/acme', context)).toEqual({ kind: 'org', org: 'acme' });
    expect(parseScope('acme', context)).toEqual({ kind: 'org', org: 'acme' });
    expect(() => parseScope(undefined, context)).toThrow(/no repository/);
  });

  it('records the workflow run when launched from Actions, unless --no-retry', () => {
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', RUNNER_NAME: 'GitHub Actions 5' };
    expect(settings([], actions).workflow).toEqual({ repository: 'acme/widget', runId: '77', runAttempt: '2', runnerName: 'GitHub Actions 5' });
    expect(settings(['--no-retry'], actions).workflow).toBeUndefined();
  });

  it('reads --count, 1 to 100, and refuses --reuse with more than one runner', () => {
    expect(settings([]).count).toBe(1);
    expect(settings(['--count', '8']).count).toBe(8);
    expect(() => settings(['--count', '0'])).toThrow(/--count must be a whole number from 1 to 100, got "0"/);
    expect(() => settings(['--count', 'two'])).toThrow(/--count must be a whole number/);
    expect(() => settings(['--count', '2', '--reuse'])).toThrow(/--reuse and --reuse-idle apply to one runner/);
  });

  it('warns about CML flags that do nothing here', () => {
    expect(settings(['--docker-volumes', '/a:/a', '--cloud-ssh-private', 'KEY']).warnings).toEqual([
      '--docker-volumes is ignored: in CML it applies to GitLab runners only',
      '--cloud-ssh-private is ignored: no SSH is used, the machine registers itself',
    ]);
  });
});

describe('kubernetes launch settings', () => {
  const kube = (argv: string[]) => settings(['--cloud', 'kubernetes', ...argv]);

  it('turns CML sizes, CPU-MEMORY, GPUs, disk, image and node selector into what one pod asks for', () => {
    expect(kube([]).provider).toEqual({
      type: 'm',
      cpu: '8',
      memory: '32000M',
      gpus: 0,
      ephemeralStorage: '35Gi',
      image: 'ghcr.io/actions/actions-runner:2.337.0',
      nodeSelector: {},
    });
    expect(kube(['--cloud-type', '4-16000', '--cloud-gpu', 'tesla', '--cloud-hdd-size', '100', '--cloud-image', 'ghcr.io/acme/runner:1'])).toMatchObject({
      provider: { cpu: '4', memory: '16000M', gpus: 1, ephemeralStorage: '100Gi', image: 'ghcr.io/acme/runner:1' },
    });
    expect(kube(['--cloud-type', 'l+t4']).provider).toMatchObject({ cpu: '32', gpus: 1 });
    expect(kube(['--cloud-gpu', 'nogpu']).provider).toMatchObject({ gpus: 0 });
    expect(kube(['--cloud-kubernetes-node-selector', 'pool=gpu, cloud.google.com/gke-accelerator=nvidia-tesla-t4']).provider).toMatchObject({
      nodeSelector: { pool: 'gpu', 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' },
    });
    expect(kube(['--cloud-region', 'ml-runners']).target.location).toBe('ml-runners');
    expect(kube([]).target.location).toBe('context-namespace');
  });

  it('rejects what does not apply to pods in one line', () => {
    expect(() => kube(['--cloud-type', 'g5.xlarge'])).toThrow(/"g5.xlarge" is not a size for --cloud kubernetes/);
    expect(() => kube(['--cloud-type', 'm,l'])).toThrow(/takes one size/);
    expect(() => kube(['--cloud-spot'])).toThrow(/--cloud-spot does not apply to --cloud kubernetes/);
    expect(() => kube(['--cloud-permission-set', 'role'])).toThrow(/--cloud-permission-set does not apply/);
    expect(() => kube(['--cloud-kubernetes-node-selector', 'pool'])).toThrow(/must be key=value/);
    expect(() => kube(['--cloud-region', 'Not_A_Namespace'])).toThrow(/is not a Kubernetes namespace name/);
  });
});

describe('user-data encoding', () => {
  it('is plain base64 when it fits and gzip when it does not', () => {
    expect(Buffer.from(encodeUserData('#!/bin/bash\necho hi\n'), 'base64').toString()).toBe('#!/bin/bash\necho hi\n');
    const big = '#!/bin/bash\n' + 'echo "some line of a long startup script"\n'.repeat(600);
    const encoded = Buffer.from(encodeUserData(big), 'base64');
    expect(encoded.length).toBeLessThanOrEqual(16 * 1024);
    expect(gunzipSync(encoded).toString()).toBe(big);
  });
});
