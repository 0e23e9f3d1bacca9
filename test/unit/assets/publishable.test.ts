// checkPublishable on a real folder, without the forge: each refusal with its exact reason, and the
// paths (given, resolved through links, relative to the workspace as given or as resolved) that
// must all be free of .git.

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPublishable, tooBig, type PublishGuard } from '../../../src/core/assets/publishable.js';
import { tempDir } from '../../helpers/temp.js';

const MIB = 1024 * 1024;
const HINT = 'name it with --allow-hidden <path> to publish it';
const workspace = realpathSync(tempDir('cml-publishable-'));
const outside = realpathSync(tempDir('cml-publishable-outside-'));

function file(path: string, content = 'plot'): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const plot = file(join(workspace, 'plot.png'), 'a png');
file(join(workspace, '.git', 'config'), 'token');
file(join(workspace, '.GIT', 'config'), 'token');
file(join(workspace, '.env'), 'KEY=1');
file(join(workspace, '.hidden', 'plot.png'));
file(join(workspace, 'secrets', 'key.png'));
mkdirSync(join(workspace, 'plots'));
symlinkSync(join(workspace, '.git', 'config'), join(workspace, 'config.png'));
symlinkSync(plot, join(workspace, '.git', 'plot-link.png'));
symlinkSync(workspace, join(outside, 'workspace-link'));

const guard = (extra: Partial<PublishGuard> = {}): PublishGuard => ({ workspace, allowHidden: [], ...extra });

describe('checkPublishable', () => {
  it('gives the real path and size of a file that may be published', async () => {
    expect(await checkPublishable(plot, guard())).toEqual({ path: plot, size: 5 });
    expect(await checkPublishable(join(outside, 'workspace-link', 'plot.png'), guard())).toEqual({ path: plot, size: 5 });
  });

  it('refuses a missing file', async () => {
    expect(await checkPublishable(join(workspace, 'nope.png'), guard())).toEqual({ refusal: 'missing', reason: 'file not found' });
  });

  it.each([
    ['a file in another folder', join(outside, 'secret.png')],
    ['the workspace itself', workspace],
    ['the folder above the workspace', dirname(workspace)],
  ])('refuses %s as outside the workspace', async (_what, path) => {
    file(join(outside, 'secret.png'));
    expect(await checkPublishable(path, guard())).toEqual({ refusal: 'outside', reason: `outside the workspace ${workspace}` });
  });

  it('takes a workspace that does not exist as written, with nothing inside it', async () => {
    const gone = join(workspace, 'gone');
    expect(await checkPublishable(plot, guard({ workspace: gone }))).toEqual({ refusal: 'outside', reason: `outside the workspace ${gone}` });
  });

  it.each([
    ['.git/config', join(workspace, '.git', 'config'), workspace],
    ['.GIT/config (any case)', join(workspace, '.GIT', 'config'), workspace],
    ['a link into .git/', join(workspace, 'config.png'), workspace],
    ['a link in .git/ to an ordinary file', join(workspace, '.git', 'plot-link.png'), workspace],
    [
      'a link in .git/ named from the real workspace, which was given through a link',
      join(workspace, '.git', 'plot-link.png'),
      join(outside, 'workspace-link'),
    ],
    [
      'a link in .git/ named through the link the workspace was given as',
      join(outside, 'workspace-link', '.git', 'plot-link.png'),
      join(outside, 'workspace-link'),
    ],
  ])('refuses %s, even when named with --allow-hidden', async (_what, path, root) => {
    expect(await checkPublishable(path, guard({ workspace: root, allowHidden: [join(workspace, '.git'), join(workspace, '.GIT'), path] }))).toEqual({
      refusal: 'git-dir',
      reason: 'it is inside .git/, which holds credentials and is never published',
    });
  });

  it('refuses a folder', async () => {
    expect(await checkPublishable(join(workspace, 'plots'), guard())).toEqual({ refusal: 'not-a-file', reason: 'not a file' });
  });

  it('refuses a dotfile or a file in a dot-folder unless it or its folder is named with --allow-hidden', async () => {
    const hidden = { refusal: 'hidden', reason: `a hidden file (${HINT})` };
    const env = join(workspace, '.env');
    const inFolder = join(workspace, '.hidden', 'plot.png');
    expect(await checkPublishable(env, guard())).toEqual(hidden);
    expect(await checkPublishable(inFolder, guard())).toEqual(hidden);
    expect(await checkPublishable(env, guard({ allowHidden: [inFolder] }))).toEqual(hidden);
    expect(await checkPublishable(inFolder, guard({ allowHidden: [join(workspace, '.hid')] }))).toEqual(hidden);
    expect(await checkPublishable(env, guard({ allowHidden: [join(workspace, 'missing'), env] }))).toEqual({ path: env, size: 5 });
    expect(await checkPublishable(inFolder, guard({ allowHidden: [join(workspace, '.hidden')] }))).toEqual({ path: inFolder, size: 4 });
    // A named path that cannot be resolved through the file system is taken as written.
    expect(await checkPublishable(env, guard({ allowHidden: [`${workspace}/gone/../.env`] }))).toEqual({ path: env, size: 5 });
  });

  it('asks git about the real path, refuses what it ignores or cannot tell, and does not ask about named files', async () => {
    const asked: string[] = [];
    const key = join(workspace, 'secrets', 'key.png');
    const ignores = async (path: string): Promise<boolean> => {
      asked.push(path);
      return path.includes('secrets');
    };
    const broken = async (): Promise<boolean> => {
      throw new Error('git exited with 128');
    };
    expect(await checkPublishable(key, guard({ isIgnored: ignores }))).toEqual({ refusal: 'ignored', reason: `git ignores it (${HINT})` });
    expect(await checkPublishable(join(workspace, 'config.png'), guard({ isIgnored: ignores }))).toMatchObject({ refusal: 'git-dir' });
    expect(await checkPublishable(plot, guard({ isIgnored: ignores }))).toEqual({ path: plot, size: 5 });
    expect(asked).toEqual([key, plot]);
    expect(await checkPublishable(plot, guard({ isIgnored: broken }))).toEqual({
      refusal: 'ignored',
      reason: 'cannot tell whether git ignores it (git exited with 128)',
    });
    expect(await checkPublishable(key, guard({ isIgnored: broken, allowHidden: [join(workspace, 'secrets')] }))).toEqual({ path: key, size: 4 });
  });

  it('refuses a file over the size limit, and takes one of exactly the limit', async () => {
    const where = 'branch cml-assets';
    expect(await checkPublishable(plot, guard(), { maxBytes: 5, where })).toEqual({ path: plot, size: 5 });
    expect(await checkPublishable(plot, guard(), { maxBytes: 4, where })).toEqual({ refusal: 'too-big', reason: tooBig(5, { maxBytes: 4, where }) });
  });
});

describe('tooBig', () => {
  it('says the size and the limit in MiB, whole or to one decimal', () => {
    const where = 'branch cml-assets';
    expect(tooBig(101 * MIB, { maxBytes: 100 * MIB, where })).toBe('101 MiB, over the 100 MiB a file may have on branch cml-assets');
    expect(tooBig(1.5 * MIB, { maxBytes: MIB, where })).toBe('1.5 MiB, over the 1 MiB a file may have on branch cml-assets');
    expect(tooBig(5, { maxBytes: 4, where })).toBe('0.0 MiB, over the 0.0 MiB a file may have on branch cml-assets');
  });
});
