// Writing the drift reports: all files or none, no temporary files left behind, and one-line
// errors that name the path.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plotDirectory } from '../../../src/commands/drift/outputs.js';
import { whyUnwritable, writeOutputs } from '../../../src/output/files.js';
import { UserError } from '../../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'cml-drift-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('writeOutputs', () => {
  it('writes every file, creating folders', async () => {
    const folder = join(work, 'ok');
    await writeOutputs([
      { path: join(folder, 'a.json'), data: '{}\n' },
      { path: join(folder, 'deep/b-plots/01-age.png'), data: Buffer.from([1, 2, 3]) },
    ]);
    expect(readFileSync(join(folder, 'a.json'), 'utf8')).toBe('{}\n');
    expect([...readFileSync(join(folder, 'deep/b-plots/01-age.png'))]).toEqual([1, 2, 3]);
    expect(readdirSync(folder).sort()).toEqual(['a.json', 'deep']);
  });

  it('writes none when one fails, and removes the temporary files and the folders it made', async () => {
    const folder = join(work, 'none');
    mkdirSync(join(folder, 'adir'), { recursive: true });
    writeFileSync(join(folder, 'old.json'), 'old\n');
    const error = await failure(
      writeOutputs([
        { path: join(folder, 'old.json'), data: 'new\n' },
        { path: join(folder, 'new-plots/01-age.png'), data: Buffer.from([1]) },
        { path: join(folder, 'adir'), data: '# report\n' },
      ]),
    );
    expect(error.message).toBe(`cannot write ${join(folder, 'adir')}: it is a directory`);
    expect(readdirSync(folder).sort()).toEqual(['adir', 'old.json']);
    expect(readFileSync(join(folder, 'old.json'), 'utf8')).toBe('old\n');
  });

  it('names a path under a file', async () => {
    const file = join(work, 'plain-file');
    writeFileSync(file, '');
    const error = await failure(writeOutputs([{ path: join(file, 'x-plots/01.png'), data: '' }]));
    expect(error.message).toMatch(new RegExp(`^cannot write ${file}/x-plots(/01\\.png)?: `));
    expect(error.message).not.toContain('ENOTDIR');
  });
});

describe('whyUnwritable', () => {
  it('accepts new and existing files and folders it can write', async () => {
    mkdirSync(join(work, 'exists'), { recursive: true });
    writeFileSync(join(work, 'exists/report.md'), '');
    expect(await whyUnwritable(join(work, 'exists/report.md'), 'file')).toBeUndefined();
    expect(await whyUnwritable(join(work, 'not/yet/report.md'), 'file')).toBeUndefined();
    expect(await whyUnwritable(join(work, 'exists'), 'directory')).toBeUndefined();
    expect(await whyUnwritable(join(work, 'not/yet-plots'), 'directory')).toBeUndefined();
  });

  it('says why a path cannot be written', async () => {
    mkdirSync(join(work, 'kinds/adir'), { recursive: true });
    writeFileSync(join(work, 'kinds/afile'), '');
    expect(await whyUnwritable(join(work, 'kinds/adir'), 'file')).toBe('it is a directory');
    expect(await whyUnwritable(join(work, 'kinds/afile'), 'directory')).toBe('a file of that name is in the way');
    expect(await whyUnwritable(join(work, 'kinds/afile/deeper/x.md'), 'file')).toBe(`${join(work, 'kinds/afile')} is a file, not a directory`);
  });

  it('puts the charts next to the report', () => {
    expect(plotDirectory('/out/drift.md')).toBe('/out/drift-plots');
    expect(plotDirectory('/out/report')).toBe('/out/report-plots');
  });
});
