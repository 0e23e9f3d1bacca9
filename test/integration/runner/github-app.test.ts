// Runner registration as a GitHub App instead of a person's token: the App's installation token for
// the repository registers the runner, is minted once, and is never printed.

import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLaunch } from '../../../src/commands/runner/launch.js';
import { buildLaunchSettings } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import { describeError } from '../../../src/errors.js';
import { installChecksAndPulls, type ChecksAndPulls } from '../../fakes/github/routes/checks-pulls.js';
import { fastClient, flags, startHarness, type Harness } from './harness.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let h: Harness;
let apps: ChecksAndPulls;
beforeEach(async () => {
  h = await startHarness();
  apps = installChecksAndPulls(h.github);
  apps.addApp('4242', publicPem, 'acme/widget');
});
afterEach(async () => {
  await h.close();
});

function appEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...h.env, CML_GITHUB_APP_ID: '4242', CML_GITHUB_APP_PRIVATE_KEY: privatePem, ...extra };
  delete env.REPO_TOKEN;
  delete env.GITHUB_TOKEN;
  return env;
}

describe('cml runner launch as a GitHub App', () => {
  it('registers the runner with an installation token of the repository, minted once and never printed', async () => {
    h.ec2.onRunInstances = (instance) => {
      setTimeout(() => {
        const runner = h.runners.byName(instance.tags.get('cml:runner-name') ?? '');
        if (runner) runner.status = 'online';
      }, 50);
    };
    h.runners.onlineAfterMs = 'never';
    const settings = buildLaunchSettings(flags(launchSpec, ['--name', 'cml-app-1']), appEnv());
    const outcome = await runLaunch(settings, { logger: h.logger, signal: new AbortController().signal, client: fastClient, pollIntervalMs: 20 });
    expect(outcome.runnerName).toBe('cml-app-1');
    expect(h.runners.byName('cml-app-1')?.status).toBe('online');
    expect(apps.mintedTokens).toHaveLength(1);
    expect(h.github.operations()).toEqual(
      expect.arrayContaining(['GET /repos/{owner}/{repo}/installation', 'POST /app/installations/{installation_id}/access_tokens']),
    );
    const printed = h.logger.lines.join('\n');
    expect(printed).not.toContain(apps.mintedTokens[0]);
    expect(printed).not.toContain('BEGIN RSA PRIVATE KEY');
  });

  it('refuses an organization with an App in one line, before anything is launched', () => {
    const error = (() => {
      try {
        buildLaunchSettings(flags(launchSpec, ['--repo', 'acme']), appEnv());
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(describeError(error)).toMatch(/a GitHub App registers runners of one repository here, not of the organization acme/);
    expect(h.ec2.launches()).toHaveLength(0);
  });

  it('with neither a token nor an App, names both ways', () => {
    const env = appEnv();
    delete env.CML_GITHUB_APP_ID;
    delete env.CML_GITHUB_APP_PRIVATE_KEY;
    expect(() => buildLaunchSettings(flags(launchSpec, []), env)).toThrow(/no GitHub token: cannot register a runner/);
  });
});
