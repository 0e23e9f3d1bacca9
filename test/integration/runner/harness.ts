// Shared setup for the runner scenarios: the loopback GitHub fake with the runner routes, the EC2
// Query-protocol fake and the SSM fake, and the environment that points the command at them.

import { expect } from 'vitest';
import { GitHubFake } from '../../fakes/github/server.js';
import { installRunnerRoutes, type RunnerState } from '../../fakes/github/routes/runners.js';
import { FakeEc2 } from '../../fakes/ec2/server.js';
import { FakeSsm } from '../../fakes/ec2/ssm.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { parseCommand } from '../../../src/cli/parse.js';
import type { CommandSpec, OptionMap, OptionValues } from '../../../src/options/spec.js';

export const GITHUB_TOKEN = 'ghp_runnerAdminToken0123456789abcdefABCD';
export const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY42';

export interface Harness {
  github: GitHubFake;
  runners: RunnerState;
  ec2: FakeEc2;
  ssm: FakeSsm;
  env: Record<string, string>;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Stops the fakes, then fails the test if any request broke GitHub's OpenAPI description. */
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const github = await GitHubFake.start();
  github.addToken(GITHUB_TOKEN, { login: 'ml-admin', type: 'User' });
  github.addRepo('acme', 'widget');
  const runners = installRunnerRoutes(github);
  const ec2 = new FakeEc2();
  const ssm = new FakeSsm();
  await Promise.all([ec2.start(), ssm.start()]);
  const env = {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/widget',
    REPO_TOKEN: GITHUB_TOKEN,
    AWS_ENDPOINT_URL_EC2: ec2.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_REGION: 'us-east-1',
  };
  return {
    github,
    runners,
    ec2,
    ssm,
    env,
    logger: createMemoryLogger('debug'),
    async close() {
      runners.dispose();
      await Promise.all([github.close(), ec2.stop(), ssm.stop()]);
      expect(github.violations, "requests that do not follow GitHub's OpenAPI description").toEqual([]);
    },
  };
}

/** Flags -> option values exactly as the CLI parses them. */
export function flags<O extends OptionMap>(spec: CommandSpec<O>, argv: string[], env: Record<string, string> = {}): OptionValues<O> {
  return parseCommand(spec, argv, env).values as unknown as OptionValues<O>;
}

export const fastClient = { minimumWriteIntervalMs: 0, millisecondsPerSecond: 1, retries: 0 } as const;
