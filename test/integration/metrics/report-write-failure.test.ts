// `metrics report -o FILE` when the write fails part-way (disk full): one line naming the file, the
// previous report left whole, no partial report and no temporary file. The failure is injected into
// node:fs/promises, since a test cannot fill the disk (nor, as root, be denied a directory).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cml, commit, initRepo, tempDir, writeFiles } from './repo.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile) };
});

let dir: { path: string; remove: () => void };

beforeEach(() => {
  dir = tempDir();
  initRepo(dir.path);
  commit(dir.path, { 'metrics.json': '{"acc": 0.9}\n' }, 'baseline');
  writeFiles(dir.path, { 'metrics.json': '{"acc": 0.95}\n', 'report.md': 'the previous report\n' });
});

afterEach(() => {
  vi.mocked(writeFile).mockReset();
  dir.remove();
});

/** Disk full part-way through the next write: the file being written gets its first bytes, then ENOSPC. */
async function diskFullOnce(): Promise<void> {
  const { writeFile: realWriteFile } = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
  vi.mocked(writeFile).mockImplementationOnce(async (file, data) => {
    await realWriteFile(file as string, String(data).slice(0, 8));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
}

describe('metrics report -o, when the disk fills up', () => {
  it('keeps the previous report whole and says so in one line', async () => {
    await diskFullOnce();
    const result = await cml(dir.path, ['metrics', 'report', '--targets', 'metrics.json', '--no-params', '--no-job-summary', '-o', 'report.md']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`error: cannot write ${join(dir.path, 'report.md')}: no space left on the device`]);
    expect(readFileSync(join(dir.path, 'report.md'), 'utf8')).toBe('the previous report\n');
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the new report once there is room', async () => {
    const result = await cml(dir.path, ['metrics', 'report', '--targets', 'metrics.json', '--no-params', '--no-job-summary', '-o', 'report.md']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir.path, 'report.md'), 'utf8')).toContain('### Metrics: `HEAD` → `workspace`');
  });

  it('refuses a directory in one line, before writing anything', async () => {
    writeFileSync(join(dir.path, 'keep.md'), 'x');
    const result = await cml(dir.path, ['metrics', 'report', '--targets', 'metrics.json', '--no-job-summary', '-o', '.']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is a directory');
    expect(vi.mocked(writeFile)).not.toHaveBeenCalled();
  });

  it('metrics history --plot keeps the previous plot the same way', async () => {
    writeFileSync(join(dir.path, 'trend.vl.json'), '{"previous": true}\n');
    await diskFullOnce();
    const result = await cml(dir.path, ['metrics', 'history', '--targets', 'metrics.json', '--plot', 'trend.vl.json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`error: cannot write ${join(dir.path, 'trend.vl.json')}: no space left on the device`]);
    expect(readFileSync(join(dir.path, 'trend.vl.json'), 'utf8')).toBe('{"previous": true}\n');
  });
});
