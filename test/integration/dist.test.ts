// The committed bundle, run as real processes the way users and the Actions runner run it: the
// `cml` executables under the current Node, and the actions under Node 24 (runs.using: node24)
// with their inputs passed as INPUT_* variables.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsMutation, GitHubFake, type FakeRepo } from '../fakes/github/server.js';
import { branchFiles, branchHistory } from '../fakes/github/routes/git-data.js';
import { tempDir } from '../helpers/temp.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = tempDir();
const TOKEN = 'ghs_distTestTokenValue00000000000001';
let fake: GitHubFake;
let repo: FakeRepo;

beforeAll(async () => {
  fake = await GitHubFake.start();
  fake.addToken(TOKEN, { login: 'github-actions[bot]', type: 'Bot', integration: true });
  repo = fake.addRepo('octo', 'models');
});
afterAll(() => fake.close());

// Set by test/global-setup.ts only to a binary that reports v24; without one these tests are skipped
// (global-setup says so once).
const NODE24 = process.env.CML_TEST_NODE24;

function node24(): string {
  if (!NODE24 || !existsSync(NODE24)) throw new Error('Node 24 binary missing: run `npm run test:setup`');
  return NODE24;
}

function run(nodeBinary: string, script: string, args: string[], env: Record<string, string>) {
  // Asynchronous fake + synchronous child: run the child through a promise-free spawnSync would
  // block the fake's event loop, so the child is run with spawn and awaited.
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(nodeBinary, [join(root, script), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    }, reject);
  });
}

function githubEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/models', GITHUB_API_URL: fake.url, GITHUB_SHA: 'f'.repeat(40), GITHUB_RUN_ID: '9', ...extra };
}

function outputs(path: string): Record<string, string> {
  // GITHUB_OUTPUT uses name<<DELIMITER\nvalue\nDELIMITER blocks.
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const result: Record<string, string> = {};
  const pattern = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) result[match[1]!] = match[3]!;
  return result;
}

describe('cml executables (dist/bin)', () => {
  it('cml --version prints the package version', () => {
    const result = spawnSync(process.execPath, [join(root, 'dist/bin/cml.js'), '--version'], { encoding: 'utf8' });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(result.stdout.trim()).toBe(pkg.version);
    expect(result.status).toBe(0);
  });

  it('cml-send-comment posts and prints the URL; --json gives {url, id, target, updated}', async () => {
    fake.addPull(repo, { number: 5, headSha: 'f'.repeat(40) });
    writeFileSync(join(dir, 'report.md'), '# Report\n\naccuracy 0.93\n');
    const plain = await run(process.execPath, 'dist/bin/cml-send-comment.js', ['report.md'], githubEnv({ GITHUB_TOKEN: TOKEN }));
    expect(plain.stderr).not.toMatch(/error|warning/);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^https:\/\/github\.com\/octo\/models\/pull\/5#issuecomment-\d+\n$/);

    const json = await run(process.execPath, 'dist/bin/cml.js', ['comment', 'update', 'report.md', '--json'], githubEnv({ GITHUB_TOKEN: TOKEN }));
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['id', 'target', 'updated', 'url']);
    expect(parsed).toMatchObject({ target: 'pr/5', updated: true });
    expect(repo.issueComments.get(5)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('a missing report is one line on stderr and exit 1, no stack', async () => {
    const result = await run(process.execPath, 'dist/bin/cml.js', ['comment', 'create', 'nope.md'], githubEnv({ GITHUB_TOKEN: TOKEN }));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: report file not found: .*nope\.md/);
  });

  it('a bad token is one line that names the problem and never shows the token', async () => {
    writeFileSync(join(dir, 'r2.md'), 'x');
    const secret = 'ghp_definitelyNotValid000000000000000001';
    const result = await run(
      process.execPath,
      'dist/bin/cml.js',
      ['comment', 'create', 'r2.md', '--target', 'pr/5', '--token', secret, '--log', 'debug'],
      githubEnv(),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/401 Bad credentials/);
    expect(result.stderr + result.stdout).not.toContain(secret);
  });

  it('an unknown target is a usage error', async () => {
    const result = await run(process.execPath, 'dist/bin/cml.js', ['comment', 'create', 'report.md', '--target', 'mr/3'], githubEnv({ GITHUB_TOKEN: TOKEN }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown --target "mr\/3"/);
  });

  it('unknown commands and flags exit 2 with a pointer to --help', async () => {
    const unknown = await run(process.execPath, 'dist/bin/cml.js', ['frobnicate'], {});
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('cml --help');
    const flag = await run(process.execPath, 'dist/bin/cml.js', ['comment', 'create', 'x.md', '--colour'], {});
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('unknown option --colour');
  });
});

describe('proxies', () => {
  // A CONNECT proxy on loopback, as corporate proxies work for HTTPS (undici tunnels HTTP too).
  async function startProxy(): Promise<{ url: string; tunnels: string[]; close: () => Promise<void> }> {
    const { createServer } = await import('node:http');
    const { connect } = await import('node:net');
    const tunnels: string[] = [];
    const server = createServer((_request, response) => response.writeHead(405).end());
    server.on('connect', (request, client, head) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${address.port}`,
      tunnels,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  it('sends GitHub requests through HTTPS_PROXY, and straight to hosts in NO_PROXY', async () => {
    const proxy = await startProxy();
    try {
      writeFileSync(join(dir, 'proxied.md'), 'through the proxy');
      const via = await run(
        process.execPath,
        'dist/bin/cml.js',
        ['comment', 'create', 'proxied.md', '--target', 'issue/41'],
        githubEnv({ GITHUB_TOKEN: TOKEN, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }),
      );
      expect(via.stderr).not.toMatch(/error/);
      expect(via.status).toBe(0);
      expect(proxy.tunnels).toContain(new URL(fake.url).host);
      expect(repo.issueComments.get(41)).toHaveLength(1);

      proxy.tunnels.length = 0;
      const direct = await run(
        process.execPath,
        'dist/bin/cml.js',
        ['comment', 'create', 'proxied.md', '--target', 'issue/42'],
        githubEnv({ GITHUB_TOKEN: TOKEN, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }),
      );
      expect(direct.status).toBe(0);
      expect(proxy.tunnels).toEqual([]);
      expect(repo.issueComments.get(42)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe.skipIf(!NODE24)('actions (dist/actions) under Node 24', () => {
  it('comment action posts with inputs passed as INPUT_* and sets outputs', async () => {
    fake.addPull(repo, { number: 8, headSha: 'e'.repeat(40) });
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 8, head: { sha: 'e'.repeat(40) } } }));
    writeFileSync(join(dir, 'action-report.md'), '## From the action\n');
    const output = join(dir, 'github-output');
    const summary = join(dir, 'summary.md');
    writeFileSync(output, '');
    const result = await run(node24(), 'dist/actions/comment.js', [], {
      ...githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir }),
      'INPUT_MARKDOWN-FILE': 'action-report.md',
      INPUT_TARGET: 'auto',
      INPUT_UPDATE: 'true',
      'INPUT_WATERMARK-TITLE': 'from-action',
      INPUT_TOKEN: TOKEN,
      INPUT_PUBLISH: 'true',
    });
    expect(result.stdout).not.toContain('::error');
    expect(result.status).toBe(0);
    const set = outputs(output);
    expect(set.target).toBe('pr/8');
    expect(set.updated).toBe('false');
    expect(set.url).toMatch(/\/pull\/8#issuecomment-\d+$/);
    expect(readFileSync(summary, 'utf8')).toContain('## From the action');
    expect(repo.issueComments.get(8)).toHaveLength(1);
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(result.stdout.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
  });

  it('comment action publishes local images to the asset branch: the first publish creates it, a later one adds in one commit', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5a1d1a50000000049454e44ae426082',
      'hex',
    );
    mkdirSync(join(dir, 'images'), { recursive: true });
    const post = async (name: string, bytes: Buffer, issue: number) => {
      writeFileSync(join(dir, 'images', `${name}.png`), bytes);
      writeFileSync(join(dir, `${name}.md`), `![${name}](images/${name}.png)\n`);
      const result = await run(node24(), 'dist/actions/comment.js', [], {
        ...githubEnv({ GITHUB_WORKSPACE: dir }),
        'INPUT_MARKDOWN-FILE': `${name}.md`,
        INPUT_TARGET: `issue/${issue}`,
        INPUT_TOKEN: TOKEN,
        INPUT_PUBLISH: 'true',
      });
      expect(result.stdout).not.toContain('::error');
      expect(result.status).toBe(0);
      const body = repo.issueComments.get(issue)![0]!.body;
      const path = /\(https:\/\/github\.com\/octo\/models\/blob\/cml-assets\/(assets\/[^?]+)\?raw=true\)/.exec(body)?.[1];
      expect(path).toBeDefined();
      expect(branchFiles(repo, 'cml-assets').get(path!)).toEqual(bytes);
    };
    fake.requests.length = 0;
    await post('first', png, 51);
    const gitWrites = () => fake.operations().filter((operation) => operation.startsWith('POST /repos/{owner}/{repo}/git'));
    const commitsOnBranch = () => fake.requests.filter((request) => callsMutation(request.body, 'createCommitOnBranch'));
    // The branch is created at a commit of an empty index (no blob uploads); the image goes in one GraphQL commit.
    expect(gitWrites()).toEqual(['POST /repos/{owner}/{repo}/git/trees', 'POST /repos/{owner}/{repo}/git/commits', 'POST /repos/{owner}/{repo}/git/refs']);
    expect(commitsOnBranch()).toHaveLength(1);
    fake.requests.length = 0;
    await post('second', Buffer.concat([png, Buffer.from('second')]), 52);
    expect(gitWrites()).toEqual([]);
    expect(commitsOnBranch()).toHaveLength(1);
    expect(branchHistory(repo, 'cml-assets')).toHaveLength(3);
    expect(fake.violations).toEqual([]);
  });

  it('comment action takes REPO_TOKEN over the workflow token, as the CLI does', async () => {
    const personal = 'ghp_personalTokenForActionTest0000001';
    fake.addToken(personal, { login: 'alice', type: 'User' });
    writeFileSync(join(dir, 'pat-report.md'), 'posted with REPO_TOKEN\n');
    const output = join(dir, 'pat-output');
    writeFileSync(output, '');
    const base = {
      ...githubEnv({ GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: output }),
      'INPUT_MARKDOWN-FILE': 'pat-report.md',
      INPUT_TARGET: 'issue/43',
      'INPUT_GITHUB-TOKEN': TOKEN,
    };
    const withPat = await run(node24(), 'dist/actions/comment.js', [], { ...base, REPO_TOKEN: personal });
    expect(withPat.status).toBe(0);
    const withoutPat = await run(node24(), 'dist/actions/comment.js', [], base);
    expect(withoutPat.status).toBe(0);
    expect(repo.issueComments.get(43)!.map((comment) => comment.login)).toEqual(['alice', 'github-actions[bot]']);
    expect(withPat.stdout.replaceAll(`::add-mask::${personal}`, '')).not.toContain(personal);
  });

  it('comment action fails the step with one ::error:: line for bad input', async () => {
    const result = await run(node24(), 'dist/actions/comment.js', [], {
      ...githubEnv({ GITHUB_WORKSPACE: dir }),
      'INPUT_MARKDOWN-FILE': 'missing.md',
      INPUT_TOKEN: TOKEN,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error::report file not found: .*missing\.md/m);
  });

  it('setup action puts working cml launchers on PATH', async () => {
    const runnerTemp = join(dir, 'runner-temp');
    mkdirSync(runnerTemp, { recursive: true });
    const pathFile = join(dir, 'github-path');
    writeFileSync(pathFile, '');
    const output = join(dir, 'setup-output');
    writeFileSync(output, '');
    const result = await run(node24(), 'dist/actions/setup.js', [], { RUNNER_TEMP: runnerTemp, GITHUB_PATH: pathFile, GITHUB_OUTPUT: output });
    expect(result.status).toBe(0);
    const added = readFileSync(pathFile, 'utf8').trim();
    expect(added).toContain(runnerTemp);
    for (const name of ['cml', 'cml-send-comment', 'cml-publish', 'cml-runner']) expect(existsSync(join(added, name))).toBe(true);
    const version = spawnSync(join(added, 'cml'), ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(outputs(output).version);
  });

  it('the CLI bundle runs under Node 24 too', () => {
    const result = spawnSync(node24(), [join(root, 'dist/bin/cml.js'), 'comment', 'create', '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: cml comment create <markdown-file>');
    const version = spawnSync(node24(), ['--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^v24\./);
  });
});
