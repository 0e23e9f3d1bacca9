// `cml drift` end to end through the CLI entry (flags -> settings -> files -> report -> exit
// code), the action's inputs and outputs, and the bundled build with its reader thread on 1M rows.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { actionSpec, run as runDriftAction } from '../../../src/action/drift.js';
import { bundle } from '../../../scripts/bundle.mjs';

const fixtures = new URL('../../fixtures/drift/', import.meta.url).pathname;
const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cml-drift-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cml(...argv: string[]): Promise<CliRun> {
  return runCommand(argv, { cwd: fixtures });
}

describe('cml drift', () => {
  it('writes JSON, Markdown and Prometheus reports and exits 0 without --fail-on-drift', async () => {
    const json = join(work, 'out/drift.json');
    const md = join(work, 'out/drift.md');
    const prom = join(work, 'out/drift.prom');
    const result = await cml(
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--json',
      json,
      '--md',
      md,
      '--prometheus',
      prom,
      '--target',
      'label',
      '--no-plots',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('drift: ');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.drift).toBe(true);
    expect(report.reference).toMatchObject({ path: 'reference.csv', rows: 400 });
    for (const column of report.columns) {
      expect(typeof column.name).toBe('string');
      expect(['numeric', 'categorical', 'datetime']).toContain(column.type);
      expect(typeof column.drift).toBe('boolean');
      for (const test of column.tests) {
        expect(['ks', 'chi2', 'kl', 'psi', 'wasserstein', 'jensen-shannon', 'adwin']).toContain(test.name);
        expect(typeof test.statistic).toBe('number');
        expect(typeof test.threshold).toBe('number');
        expect(typeof test.drift).toBe('boolean');
        if (test.name === 'ks' || test.name === 'chi2') expect(typeof test.pValue).toBe('number');
      }
    }
    const names = new Set(report.checks.map((check: { name: string }) => check.name));
    expect([...names].sort()).toEqual(['baseline-drift', 'categorical-values', 'completeness', 'data-type', 'extra-columns', 'missing-columns', 'outliers']);
    const age = report.columns.find((column: { name: string }) => column.name === 'age');
    expect(age.drift).toBe(true);
    expect(report.columns.find((column: { name: string }) => column.name === 'label').role).toBe('target');
    expect(report.checks.find((check: { name: string; column?: string }) => check.name === 'categorical-values' && check.column === 'city').passed).toBe(false);
    expect(readFileSync(md, 'utf8')).toContain('## Data drift: 🔴 drift detected');
    expect(readFileSync(prom, 'utf8')).toContain('cml_drift_column_drift{column="age",role="feature",type="numeric"} 1');
  });

  it('exits non-zero with --fail-on-drift only when drift was found', async () => {
    const drifted = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--fail-on-drift');
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain('## Data drift: 🔴 drift detected');
    // income is log-normal: 1.3% of a fresh sample lies past the reference's 3-IQR fences.
    const tolerant = join(work, 'outliers.yaml');
    writeFileSync(tolerant, 'outliers: { max-share: 0.02 }\n');
    const calm = await cml(
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'same-as-reference.csv',
      '--fail-on-drift',
      '--json',
      '-',
      '--config',
      tolerant,
    );
    expect(calm.code).toBe(0);
    expect(JSON.parse(calm.stdout).drift).toBe(false);
  });

  it('draws a chart of each drifted column next to the Markdown report', async () => {
    const md = join(work, 'plots/drift.md');
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--md', md, '--columns', 'age,score');
    expect(result.code, result.stderr).toBe(0);
    const markdown = readFileSync(md, 'utf8');
    const link = /!\[age: reference vs current\]\((drift-plots\/[^)]+\.png)\)/.exec(markdown);
    expect(link, markdown).not.toBeNull();
    const png = readFileSync(join(work, 'plots', link![1]!));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Only drifted columns get a chart.
    const report = JSON.parse((await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--columns', 'age,score', '--json', '-')).stdout);
    const drawn = (markdown.match(/!\[/g) ?? []).length;
    expect(drawn).toBe(report.columns.filter((c: { drift: boolean }) => c.drift).length);
  });

  it('reads every format and --columns limits the comparison', async () => {
    for (const reference of ['reference.tsv', 'reference.jsonl', 'reference.parquet']) {
      const result = await cml('drift', '--reference', reference, '--current', 'same-as-reference.csv', '--columns', 'age,city', '--json', '-');
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.columns.map((c: { name: string }) => c.name)).toEqual(['age', 'city']);
    }
  });

  it('applies drift.yaml', async () => {
    const config = join(work, 'drift.yaml');
    writeFileSync(
      config,
      'thresholds: { ks: 1e-300 }\nbaseline-drift: { max-percent: 1000, max-share-change: 1 }\ncategorical-values: { max-unseen-share: 1 }\ncompleteness: { max-drop: 1 }\ncolumns:\n  city: { tests: [psi], thresholds: { psi: 100 } }\n  label: { thresholds: { chi2: 1e-300 } }\n  id: { ignore: true }\n',
    );
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--config', config, '--json', '-');
    const report = JSON.parse(result.stdout);
    expect(report.columns.map((c: { name: string }) => c.name)).not.toContain('id');
    const age = report.columns.find((c: { name: string }) => c.name === 'age');
    expect(age.tests.find((t: { name: string }) => t.name === 'ks').threshold).toBe(1e-300);
    expect(report.columns.find((c: { name: string }) => c.name === 'city').drift).toBe(false);
  });

  it('turns bad input into one line and exit code 1 (2 when called wrong)', async () => {
    const cases: [string[], string][] = [
      [['--reference', 'nope.csv', '--current', 'current.csv'], 'data file not found'],
      [['--reference', 'reference.csv', '--current', 'ragged.csv'], 'ragged.csv:4: expected 3 fields as in the header, found 2'],
      [['--reference', 'reference.csv', '--current', 'empty.csv'], 'empty.csv is empty'],
      [['--reference', 'reference.csv', '--current', 'semicolons.csv'], 'looks semicolon-separated'],
      [['--reference', 'all-null.csv', '--current', 'all-null.csv'], 'column "b" in'],
      [['--reference', 'reference.csv'], '`cml drift` needs --current'],
      [['--reference', 'reference.csv', '--current', 'current.csv', '--columns', 'nope'], '--columns names "nope"'],
      [['--reference', 'reference.csv', '--current', 'current.csv', '--config', 'missing.yaml'], 'drift config not found'],
    ];
    for (const [args, message] of cases) {
      const result = await cml('drift', ...args);
      expect(result.code, message).toBe(message.startsWith('`cml drift` needs') ? 2 : 1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines, message).toHaveLength(1);
      expect(lines[0], message).toContain(message);
    }
  });

  it('checks every output path before writing any, and leaves nothing behind when one fails', async () => {
    const folder = join(work, 'outputs-directory');
    mkdirSync(join(folder, 'adir'), { recursive: true });
    const json = join(folder, 'o2.json');
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--json', json, '--md', join(folder, 'adir'));
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`error: cannot write ${join(folder, 'adir')}: it is a directory`]);
    // Nothing was written: not the JSON report given first, no temporary file, no chart folder.
    expect(readdirSync(folder)).toEqual(['adir']);
    expect(readdirSync(join(folder, 'adir'))).toEqual([]);
  });

  it('reports an output path under a file, or where files cannot be created, as one line naming it', async () => {
    const file = join(work, 'a-file.csv');
    writeFileSync(file, 'x\n1\n');
    const underFile = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--md', join(file, 'x.md'), '--columns', 'age');
    expect(underFile.code).toBe(1);
    expect(underFile.stderr.trimEnd().split('\n')).toEqual([`error: cannot write ${join(file, 'x.md')}: ${file} is a file, not a directory`]);

    // A file where the Markdown's chart folder goes.
    const blocked = join(work, 'blocked');
    mkdirSync(blocked, { recursive: true });
    writeFileSync(join(blocked, 'report-plots'), '');
    const plotFolder = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--md', join(blocked, 'report.md'), '--columns', 'age');
    expect(plotFolder.code).toBe(1);
    expect(plotFolder.stderr.trimEnd().split('\n')).toEqual([
      `error: cannot write ${join(blocked, 'report-plots')}: a file of that name is in the way (the charts of --md go there; pass --no-plots to leave them out)`,
    ]);
    expect(readdirSync(blocked)).toEqual(['report-plots']);
    const withoutPlots = await cml(
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--md',
      join(blocked, 'report.md'),
      '--columns',
      'age',
      '--no-plots',
    );
    expect(withoutPlots.code, withoutPlots.stderr).toBe(0);
  });

  it.runIf(process.platform === 'linux')('reports a file system that refuses new files (/sys) as one line, not as a bug', async () => {
    for (const extra of [[], ['--no-plots']]) {
      const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--md', '/sys/x.md', '--columns', 'age', ...extra);
      expect(result.code).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: cannot write \/sys\/x(\.md|-plots)(\.\d+\.tmp)?: /);
      expect(result.stderr).not.toContain('bug');
      expect(existsSync('/sys/x.md')).toBe(false);
    }
  });

  it('refuses two outputs naming the same file', async () => {
    const path = join(work, 'same.out');
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--json', path, '--prometheus', path);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`error: --json and --prometheus name the same file ${path} (give each report its own file)`]);
  });

  it('lists the columns of the reference file, not the --columns selection, for an unknown name', async () => {
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--columns', 'age,nope');
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('(columns in the reference: id, age, income, city, label, score, day)');
    const target = await cml('drift', '--reference', 'reference.jsonl', '--current', 'current.csv', '--columns', 'age', '--target', 'labl');
    expect(target.stderr).toContain('--target names column "labl"');
    expect(target.stderr).toContain('(columns in the reference: id, age, income, city, label, score, day)');
  });

  it('reports a YAML syntax error in --config as one complete line', async () => {
    const config = join(work, 'bad.yaml');
    writeFileSync(config, 'thresholds:\n  ks: [0.01\nbins: 20\n');
    const result = await cml('drift', '--reference', 'reference.csv', '--current', 'current.csv', '--config', config);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `error: ${config}: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('lists the command in help', async () => {
    const result = await cml('drift', '--help');
    expect(result.code).toBe(0);
    for (const flag of [
      '--reference',
      '--current',
      '--json',
      '--md',
      '--prometheus',
      '--fail-on-drift',
      '--columns',
      '--config',
      '--target',
      '--prediction',
      '--time-column',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe('drift action', () => {
  it("drift/action.yml declares exactly the spec's inputs, the three outputs and node24", () => {
    const action = parse(readFileSync(join(root, 'drift/action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
      runs: Record<string, string>;
    };
    const expected = [
      ...Object.entries(actionSpec.options)
        .filter(([, option]) => !('cliOnly' in option && option.cliOnly))
        .map(([name]) => name),
      ...actionSpec.positionals.map((p) => p.name),
      'log',
    ].sort();
    expect(Object.keys(action.inputs).sort()).toEqual(expected);
    expect(Object.keys(action.outputs).sort()).toEqual(['drift', 'json', 'markdown']);
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/actions/drift.js' });
  });

  it('sets the outputs and the job summary, and fails the step with fail-on-drift', async () => {
    const outputFile = join(work, 'github-output');
    const summary = join(work, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summary, '');
    const env = {
      GITHUB_WORKSPACE: fixtures,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      INPUT_REFERENCE: 'reference.csv',
      INPUT_CURRENT: 'current.csv',
      'INPUT_FAIL-ON-DRIFT': 'true',
      INPUT_PLOTS: 'false',
    };
    const saved = { exitCode: process.exitCode, write: process.stdout.write, env: { ...process.env } };
    const printed: string[] = [];
    // @actions/core writes outputs to the files named in the process environment.
    Object.assign(process.env, env);
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await runDriftAction(env);
    } finally {
      process.stdout.write = saved.write;
      for (const key of Object.keys(env)) {
        if (saved.env[key] === undefined) delete process.env[key];
        else process.env[key] = saved.env[key];
      }
    }
    const failed = process.exitCode;
    process.exitCode = saved.exitCode;
    expect(failed).toBe(1);
    expect(printed.join('')).toContain('::error::drift found: ');
    const outputs = readFileSync(outputFile, 'utf8');
    expect(outputs).toMatch(/^drift<<ghadelimiter_[^\n]+\ntrue\n/m);
    expect(outputs).toContain('## Data drift: 🔴 drift detected');
    expect(outputs).toContain('"checks": [');
    expect(readFileSync(summary, 'utf8')).toContain('## Data drift');
  });
});

describe('the bundled CLI on 1M rows', () => {
  it('reads the current file on a worker thread and agrees with the in-process run', { timeout: 120_000 }, async () => {
    const out = join(work, 'bundle');
    await bundle({ outdir: out, entryPoints: { 'bin/cml': join(root, 'src/bin/cml.ts') }, minify: false });
    const rows = 1_000_000;
    const write = async (path: string, shift: number): Promise<void> => {
      const stream = createWriteStream(path);
      stream.write('x,y,group\n');
      let state = 99 + shift * 1000;
      let text = '';
      for (let i = 0; i < rows; i += 1) {
        state = (state * 48271) % 2147483647;
        const u = state / 2147483647;
        text += `${(u * 10 + shift).toFixed(3)},${i % 1000},${'abc'[i % 3]}\n`;
        if (text.length > 1 << 20) {
          if (!stream.write(text)) await once(stream, 'drain');
          text = '';
        }
      }
      stream.end(text);
      await once(stream, 'finish');
    };
    const reference = join(work, 'million-ref.csv');
    const current = join(work, 'million-cur.csv');
    await write(reference, 0);
    await write(current, 0.5);
    const bundledDrift = (currentFile: string) =>
      spawnSync(process.execPath, [join(out, 'bin/cml.js'), 'drift', '--reference', reference, '--current', currentFile, '--json', '-', '--log', 'debug'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
    const bundled = bundledDrift(current);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(existsSync(join(out, 'chunks'))).toBe(true);
    expect(bundled.stderr).toContain('reading the current file on a reader thread');
    const fromBundle = JSON.parse(bundled.stdout);
    const inProcess = JSON.parse((await cml('drift', '--reference', reference, '--current', current, '--json', '-')).stdout);
    expect(fromBundle.reference.rows).toBe(rows);
    expect(fromBundle.columns).toEqual(inProcess.columns);
    const x = fromBundle.columns.find((c: { name: string }) => c.name === 'x');
    expect(x.drift).toBe(true);
    expect(x.tests.find((t: { name: string }) => t.name === 'ks').details.method).toBe('asymptotic');

    // A small current file is read on the main thread: a thread would cost more than it saves.
    const small = join(work, 'small-cur.csv');
    writeFileSync(
      small,
      readFileSync(current, 'utf8')
        .slice(0, 64 * 1024)
        .replace(/\n[^\n]*$/, '\n'),
    );
    const smallRun = bundledDrift(small);
    expect(smallRun.status, smallRun.stderr).toBe(0);
    expect(smallRun.stderr).toContain('reading both files on the main thread (the current file is under 1 MiB)');
  });
});

describe('the bundled CLI on image folders', () => {
  it('decodes on a second thread, reports what one thread reports, and names a broken file decoded there', { timeout: 120_000 }, async () => {
    const out = join(work, 'bundle-images');
    await bundle({ outdir: out, entryPoints: { 'bin/cml': join(root, 'src/bin/cml.ts') }, minify: false });
    const reference = join(fixtures, 'images/reference');
    const current = join(fixtures, 'images/new-classes');
    const bundledDrift = (referenceFolder: string) =>
      spawnSync(
        process.execPath,
        [join(out, 'bin/cml.js'), 'drift', '--reference', referenceFolder, '--current', current, '--image-size', '8', '--json', '-', '--log', 'debug'],
        {
          encoding: 'utf8',
        },
      );
    // 600 images in all: enough for a second thread.
    const bundled = bundledDrift(reference);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.stderr).toContain('decoding images on two threads');
    const share = /decoded (\d+) of (\d+) images on the second thread\n/.exec(bundled.stderr);
    expect(share, bundled.stderr).not.toBeNull();
    expect(Number(share![1])).toBeGreaterThan(0);
    expect(Number(share![2])).toBe(600);
    // The sources run on one thread (a worker cannot load TypeScript): the same report, to the bit.
    const inProcess = await cml('drift', '--reference', reference, '--current', current, '--image-size', '8', '--json', '-');
    expect(JSON.parse(bundled.stdout).images).toEqual(JSON.parse(inProcess.stdout).images);

    // The second thread takes the second batch of 64 files first: a file cut short there is named.
    const broken = join(work, 'broken-reference');
    cpSync(reference, broken, { recursive: true });
    const names = readdirSync(broken, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.png'))
      .sort();
    const victim = join(broken, names[100]!);
    writeFileSync(victim, readFileSync(victim).subarray(0, 40));
    const failed = bundledDrift(broken);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain(`cannot read the image ${victim}: unexpected end of file`);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
  });
});
