// A write that fails part-way (disk full, permission denied) is reported in one line and leaves
// neither a truncated image nor a temporary file behind. The failures are injected into
// node:fs/promises, since a test cannot fill the disk (nor, as root, be denied a directory).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { fixtures } from './golden.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename), writeFile: vi.fn(actual.writeFile) };
});

function cml(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCommand(['plot', ...argv], { cwd });
}

function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

const directory = tempDir('cml-plot-write-');
writeFileSync(join(directory, 'metrics.csv'), readFileSync(join(fixtures, 'metrics.csv')));

afterEach(() => {
  vi.mocked(rename).mockClear();
  vi.mocked(writeFile).mockClear();
});

describe('a failed write', () => {
  it('disk full after the bytes were written: one line, the old image kept, no temporary file', async () => {
    writeFileSync(join(directory, 'chart.svg'), 'previous image');
    vi.mocked(rename).mockRejectedValueOnce(systemError('ENOSPC', 'no space left on device, rename'));
    const result = await cml(directory, 'metrics.csv', '-o', 'chart.svg');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: cannot write chart.svg: no space left on the device\n');
    expect(readFileSync(join(directory, 'chart.svg'), 'utf8')).toBe('previous image');
    expect(readdirSync(directory).sort()).toEqual(['chart.svg', 'metrics.csv']);
  });

  it('permission denied: one line, nothing written', async () => {
    vi.mocked(writeFile).mockRejectedValueOnce(systemError('EACCES', 'permission denied, open'));
    const result = await cml(directory, 'metrics.csv', '-o', 'denied.svg');
    expect(result.stderr).toBe(`error: cannot write denied.svg: permission denied in ${directory}\n`);
    expect(result.code).toBe(1);
    expect(existsSync(join(directory, 'denied.svg'))).toBe(false);
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('any other failure still names the path, in one line and not as a bug', async () => {
    vi.mocked(rename).mockRejectedValueOnce(systemError('EIO', 'i/o error, rename'));
    const result = await cml(directory, 'metrics.csv', '-o', 'io.svg');
    expect(result.stderr).toBe('error: cannot write io.svg: EIO: i/o error, rename\n');
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
