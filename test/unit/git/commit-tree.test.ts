// A commit's files are read from git once, many per call, and kept (a commit does not change); a
// failed read is not kept, and its failure reaches whoever reads, never an unhandled rejection.

import { expect, it } from 'vitest';
import type { Git } from '../../../src/git/git.js';
import { commitTree } from '../../../src/git/trees.js';

function fakeGit(files: Record<string, string>, failures = 0) {
  const calls: string[][] = [];
  let failing = failures;
  const git = {
    async readFiles(commit: string, paths: readonly string[]) {
      calls.push([...paths]);
      if (failing > 0) {
        failing -= 1;
        throw Object.assign(new Error('spawn git ENOENT'), { code: 'ENOENT' });
      }
      return new Map(paths.map((path) => [path, path in files ? Buffer.from(files[path]!) : undefined]));
    },
  };
  return { git: git as unknown as Git, calls };
}

it('reads each file once, in one git call for the paths not read yet', async () => {
  const { git, calls } = fakeGit({ 'a.json': 'A', 'b.json': 'B' });
  const tree = commitTree(git, 'c0ffee', 'main');
  const first = await tree.readFiles(['a.json', 'missing.json', 'a.json']);
  expect([...first].map(([path, bytes]) => [path, bytes?.toString()])).toEqual([
    ['a.json', 'A'],
    ['missing.json', undefined],
  ]);
  const second = await tree.readFiles(['b.json', 'a.json']);
  expect(second.get('b.json')?.toString()).toBe('B');
  expect(calls).toEqual([['a.json', 'missing.json'], ['b.json']]);
});

it('joins a read under way instead of starting another', async () => {
  const { git, calls } = fakeGit({ 'a.json': 'A' });
  const tree = commitTree(git, 'c0ffee', 'main');
  const [one, two] = await Promise.all([tree.readFiles(['a.json']), tree.readFiles(['a.json'])]);
  expect(one.get('a.json')?.toString()).toBe('A');
  expect(two.get('a.json')?.toString()).toBe('A');
  expect(calls).toEqual([['a.json']]);
});

it('passes a failure to the reader without leaving unhandled rejections, and reads again next time', async () => {
  const { git, calls } = fakeGit({ 'a.json': 'A', 'b.json': 'B' }, 1);
  const tree = commitTree(git, 'c0ffee', 'main');
  // Two paths in one failed call: the reader sees the error once; the other path's promise is
  // handled (vitest fails the run on an unhandled rejection).
  await expect(tree.readFiles(['a.json', 'b.json'])).rejects.toThrow('spawn git ENOENT');
  await new Promise((resolve) => setImmediate(resolve));
  const again = await tree.readFiles(['b.json']);
  expect(again.get('b.json')?.toString()).toBe('B');
  expect(calls).toEqual([['a.json', 'b.json'], ['b.json']]);
});
