// The one output writer must not replace what the user pointed it at: a symlink stays a symlink
// (its target gets the content), a device stays a device, and a replaced file keeps its mode.

import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { whyUnwritable, writeOutputs } from '../../../src/output/files.js';

const work = mkdtempSync(join(tmpdir(), 'cml-output-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeOutputs', () => {
  it('writes through a symlink: the link stays and its target gets the content', async () => {
    const target = join(work, 'real-report.md');
    const link = join(work, 'report.md');
    writeFileSync(target, 'old\n');
    symlinkSync('real-report.md', link);
    await writeOutputs([{ path: link, data: 'new\n' }]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real-report.md');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('creates the file a dangling symlink names, keeping the link', async () => {
    const link = join(work, 'dangling.json');
    symlinkSync(join(work, 'made-by-link.json'), link);
    await writeOutputs([{ path: link, data: '{}\n' }]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(work, 'made-by-link.json'), 'utf8')).toBe('{}\n');
  });

  // A null device of the test's own (`--json /dev/null` run as root used to replace /dev/null).
  // Making a device node needs root, as CI and the action's runners have.
  it.runIf(process.getuid?.() === 0)('writes to a character device in place instead of replacing it', async () => {
    const device = join(work, 'null');
    execFileSync('mknod', ['-m', '666', device, 'c', '1', '3']);
    await writeOutputs([{ path: device, data: 'discarded\n' }]);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(await whyUnwritable(device, 'file')).toBeUndefined();
  });

  it('writes to a named pipe in place', async () => {
    const fifo = join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader on the other end, so the write does not block.
    const reader = import('node:fs/promises').then(({ readFile }) => readFile(fifo, 'utf8'));
    await writeOutputs([{ path: fifo, data: 'through the pipe\n' }]);
    expect(await reader).toBe('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("keeps a replaced file's permission bits", async () => {
    const file = join(work, 'private.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    await writeOutputs([{ path: file, data: 'new' }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('leaves no temporary file beside the output', async () => {
    const folder = mkdtempSync(join(work, 'clean-'));
    await writeOutputs([{ path: join(folder, 'a.md'), data: 'a' }]);
    expect(readdirSync(folder)).toEqual(['a.md']);
  });
});
