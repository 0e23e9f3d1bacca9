// The bundle as shipped: scripts/build.mjs into a temporary directory, then `cml plot` and the plot
// action run from it as separate processes (under Node 24 when available, as GitHub runs actions),
// finding sharp, its libvips binaries and the fonts beside the bundle, not in the repository.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.js';
import { expectMatchesGolden, fixtures } from './golden.js';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const dist = join(tempDir('cml-plot-dist-'), 'dist');
const work = tempDir('cml-plot-work-');
// Node 24 only, as GitHub runs actions; never the current Node in its place. Without it, or without
// the linux-arm64 sharp packages the build ships, the file is skipped (test/global-setup.ts says why).
const node = process.env.CML_TEST_NODE24 ?? '';
const ready = node !== '' && process.env.CML_TEST_ARM64_SHARP === '1';
// A minimal environment: no FONTCONFIG_FILE, no NODE_PATH, a HOME with no font caches.
const env = { PATH: process.env.PATH ?? '', HOME: work };

/** ELF e_machine: 62 = x86-64, 183 = AArch64. */
function machineOf(file: string): number {
  return readFileSync(file).readUInt16LE(18);
}

describe.skipIf(!ready)('the plot bundle', () => {
  beforeAll(async () => {
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', dist], { timeout: 240_000 });
  }, 300_000);

  it('runs on Node 24', async () => {
    expect((await run(node, ['--version'])).stdout).toMatch(/^v24\./);
  });

  it('ships sharp with libvips for linux-x64 and linux-arm64, and the fonts', () => {
    const modules = join(dist, 'node_modules');
    expect(JSON.parse(readFileSync(join(modules, 'sharp/package.json'), 'utf8')).version).toBe('0.34.5');
    for (const [platform, machine] of [
      ['linux-x64', 62],
      ['linux-arm64', 183],
    ] as const) {
      expect(machineOf(join(modules, `@img/sharp-${platform}/lib/sharp-${platform}.node`)), platform).toBe(machine);
      const libvips = readdirSync(join(modules, `@img/sharp-libvips-${platform}/lib`)).find((file) => file.startsWith('libvips-cpp.so'));
      expect(libvips, `libvips for ${platform}`).toBeDefined();
      expect(machineOf(join(modules, `@img/sharp-libvips-${platform}/lib`, libvips!)), platform).toBe(machine);
    }
    for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) expect(existsSync(join(modules, 'dejavu-fonts-ttf/ttf', font)), font).toBe(true);
    expect(existsSync(join(modules, 'dejavu-fonts-ttf/LICENSE'))).toBe(true);
    // The layout worker renderPlots starts for large batches on machines with cores to spare.
    expect(existsSync(join(dist, 'workers/plot-layout.js'))).toBe(true);
    // sharp is not inside the bundle: every chunk loads it from node_modules.
    for (const chunk of readdirSync(join(dist, 'chunks'))) expect(readFileSync(join(dist, 'chunks', chunk), 'utf8')).not.toContain('sharp-libvips');
  });

  it('`cml plot` from the bundle draws the golden image', async () => {
    const { stdout } = await run(
      node,
      [join(dist, 'bin/cml.js'), 'plot', join(fixtures, 'metrics.csv'), '-y', 'loss,val_loss', '--title', 'Training loss', '-o', 'loss.png'],
      { cwd: work, env, timeout: 30_000 },
    );
    expect(stdout).toBe('loss.png\n');
    await expectMatchesGolden(readFileSync(join(work, 'loss.png')), 'linear');
  });

  it('the plot action reads inputs and sets the path and markdown outputs', async () => {
    const output = join(work, 'github-output');
    writeFileSync(output, '');
    await run(node, [join(dist, 'actions/plot.js')], {
      cwd: work,
      timeout: 30_000,
      env: {
        ...env,
        GITHUB_WORKSPACE: fixtures,
        GITHUB_OUTPUT: output,
        'INPUT_DATA-FILE': 'confusion.csv',
        INPUT_TEMPLATE: 'confusion_normalized',
        INPUT_OUT: join(work, 'confusion.png'),
        INPUT_SCALE: '2',
        INPUT_DVC: 'false',
        INPUT_LOG: 'info',
      },
    });
    const text = readFileSync(output, 'utf8');
    expect(text).toMatch(new RegExp(`^path<<(\\S+)\\n${join(work, 'confusion.png')}\\n\\1$`, 'm'));
    expect(text).toMatch(/^markdown<<(\S+)\n!\[confusion\]\(.*confusion.png\)\n\1$/m);
    await expectMatchesGolden(readFileSync(join(work, 'confusion.png')), 'confusion_normalized');
  });
});
