// `cml metrics diff`, `params diff`, `metrics show` against real repositories.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cml, commit, initRepo, markdownCells, tempDir, writeFiles } from './repo.js';

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    params:
      - lr
      - model.depth
    metrics:
      - metrics.json:
          cache: false
metrics:
  - eval/scores.yaml
`;

let dir: { path: string; remove: () => void };
let root: string;

beforeEach(() => {
  dir = tempDir();
  root = dir.path;
  initRepo(root);
  commit(
    root,
    {
      'dvc.yaml': DVC_YAML,
      'metrics.json': '{"acc": 0.9, "loss": 0.35, "nested": {"f1": 0.8, "n": 10}, "hist": [1, 2], "same": 1}\n',
      'eval/scores.yaml': 'auc: 0.7\nname: base\n',
      'params.yaml': 'lr: 0.01\nmodel:\n  depth: 4\n  kind: tree\n',
    },
    'baseline',
  );
});

afterEach(() => dir.remove());

describe('cml metrics diff', () => {
  it('HEAD vs workspace, --md: the DVC table cell by cell (the list-valued `hist` gets no row, as in DVC)', async () => {
    writeFiles(root, {
      'metrics.json': '{"acc": 0.91, "loss": 0.30, "nested": {"f1": 0.8, "n": 12}, "hist": [1, 3], "same": 1.0, "added": 1.0}\n',
      'eval/scores.yaml': 'auc: 0.71234567\nname: base\n',
    });
    const result = await cml(root, ['metrics', 'diff', '--md']);
    expect(result.code).toBe(0);
    expect(markdownCells(result.stdout)).toEqual([
      ['Path', 'Metric', 'HEAD', 'workspace', 'Change'],
      ['eval/scores.yaml', 'auc', '0.7', '0.71235', '0.01235'],
      ['metrics.json', 'acc', '0.9', '0.91', '0.01'],
      ['metrics.json', 'added', '-', '1.0', '-'],
      ['metrics.json', 'loss', '0.35', '0.3', '-0.05'],
      ['metrics.json', 'nested.n', '10', '12', '2'],
    ]);
    expect(result.stdout.endsWith('|\n\n')).toBe(true);
    expect(result.stdout.split('\n')[0]).toBe('| Path             | Metric   | HEAD   | workspace   | Change   |');
  });

  it('--json is `dvc metrics diff --json`: unrounded diff, null for a missing side', async () => {
    writeFiles(root, { 'metrics.json': '{"acc": 0.91, "loss": 0.35, "nested": {"f1": 0.8, "n": 10}, "hist": [1, 2], "same": 1, "added": 2}\n' });
    const result = await cml(root, ['metrics', 'diff', '--json']);
    expect(result.stdout).toBe('{"metrics.json": {"acc": {"old": 0.9, "new": 0.91, "diff": 0.010000000000000009}, "added": {"old": null, "new": 2}}}\n');
  });

  it('two revisions, --all, --no-path, explicit targets, plain table', async () => {
    commit(root, { 'metrics.json': '{"acc": 0.95, "loss": 0.35}\n' }, 'second');
    const result = await cml(root, ['metrics', 'diff', 'HEAD~1', 'HEAD', '--targets', 'metrics.json', '--all', '--no-path', '--precision', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Metric     HEAD~1    HEAD    Change',
        'acc        0.9       0.95    0.05',
        'loss       0.35      0.35    0.0',
        'nested.f1  0.8       -       -',
        'nested.n   10        -       -',
        'same       1         -       -',
        '',
      ].join('\n'),
    );
  });

  it('a target missing at one revision shows as missing, not an error', async () => {
    writeFiles(root, { 'new-metrics.yaml': 'f1: 0.5\n' });
    const result = await cml(root, ['metrics', 'diff', '--targets', 'new-metrics.yaml,metrics.json', '--md']);
    expect(result.code).toBe(0);
    expect(markdownCells(result.stdout).slice(1)).toEqual([['new-metrics.yaml', 'f1', '-', '0.5', '-']]);
    expect(result.stderr).toContain('new-metrics.yaml is not in HEAD');
  });

  it('paths are shown relative to the current folder, as DVC does', async () => {
    writeFiles(root, { 'eval/scores.yaml': 'auc: 0.8\nname: base\n' });
    const result = await cml(join(root, 'eval'), ['metrics', 'diff', '--md']);
    expect(markdownCells(result.stdout)[1]).toEqual(['scores.yaml', 'auc', '0.7', '0.8', '0.1']);
  });

  it('malformed YAML at a revision names the file, the revision and the line', async () => {
    commit(root, { 'eval/scores.yaml': 'auc: 0.7\nname: [base\nother: 1\n' }, 'broken');
    writeFiles(root, { 'eval/scores.yaml': 'auc: 0.8\n' });
    const result = await cml(root, ['metrics', 'diff']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: eval\/scores\.yaml at HEAD: invalid YAML at line \d+, column \d+: /m);
    expect(result.stderr).not.toContain('bug');
  });

  it('malformed JSON in the workspace names the line and column', async () => {
    writeFiles(root, { 'metrics.json': '{\n  "acc": 0.9,\n  "loss": ,\n}\n' });
    const result = await cml(root, ['metrics', 'diff']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: metrics.json at workspace: invalid JSON at line 3, column 11: unexpected ','");
  });

  it('outside a repository says so in one line', async () => {
    const outside = tempDir();
    try {
      const result = await cml(outside.path, ['metrics', 'diff']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('is not inside a git repository');
    } finally {
      outside.remove();
    }
  });

  it('a second file given DVC-style lands as a revision and gets a hint', async () => {
    const result = await cml(root, ['metrics', 'diff', '--targets', 'metrics.json', 'params.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"params.yaml" is a file, not a revision');
  });

  it('--fail-on: exit 1 naming the regression, after printing the table', async () => {
    writeFiles(root, { 'metrics.json': '{"acc": 0.87, "loss": 0.36, "nested": {"f1": 0.8, "n": 10}, "hist": [1, 2], "same": 1}\n' });
    const failing = await cml(root, ['metrics', 'diff', '--fail-on', 'acc:-0.01', '--fail-on', 'loss:+0.05']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('acc       0.9     0.87         -0.03');
    expect(failing.stderr).toContain('error: regression: acc dropped by 0.03 (0.9 → 0.87), more than the allowed 0.01 (gate acc:-0.01)');
    expect(failing.stderr).toContain('gate passed: loss rose by 0.01');
    const passing = await cml(root, ['metrics', 'diff', '--fail-on', 'acc:-0.05']);
    expect(passing.code).toBe(0);
    const typo = await cml(root, ['metrics', 'diff', '--fail-on', 'accuracy:-0.05']);
    expect(typo.code).toBe(1);
    expect((await cml(root, ['metrics', 'diff', '--fail-on', 'acc drops'])).stderr).toContain('is not a gate');
  });

  it('--fail-on inside GitHub Actions: also an error annotation per failed gate, on stderr', async () => {
    writeFiles(root, { 'metrics.json': '{"acc": 0.87, "loss": 0.46, "nested": {"f1": 0.8, "n": 10}, "hist": [1, 2], "same": 1}\n' });
    const gates = ['--fail-on', 'acc:-0.01', '--fail-on', 'loss:+5%', '--fail-on', 'nested.n:+100'];
    const actions = await cml(root, ['metrics', 'diff', '--json', ...gates], { GITHUB_ACTIONS: 'true' });
    expect(actions.code).toBe(1);
    // Standard output stays the JSON that scripts parse.
    expect(JSON.parse(actions.stdout)['metrics.json'].acc).toMatchObject({ old: 0.9, new: 0.87 });
    const annotations = actions.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      '::error title=Metric regression::acc dropped by 0.03 (0.9 → 0.87), more than the allowed 0.01 (gate acc:-0.01)',
      '::error title=Metric regression::loss rose by 0.11 (31.4286%25) (0.35 → 0.46), more than the allowed 5%25 (gate loss:+5%25)',
    ]);
    expect(actions.stderr).toContain('error: regression: acc dropped by 0.03');
    expect(actions.stderr).toContain('gate passed: nested.n');

    const report = await cml(root, ['metrics', 'report', 'HEAD', '--no-job-summary', ...gates], { GITHUB_ACTIONS: 'true' });
    expect(report.code).toBe(1);
    expect(report.stdout).not.toContain('::error');
    expect(report.stderr.split('\n').filter((line) => line.startsWith('::error title=Metric regression::'))).toHaveLength(2);

    const local = await cml(root, ['metrics', 'diff', ...gates]);
    expect(local.code).toBe(1);
    expect(local.stdout + local.stderr).not.toContain('::error');
  });

  it('malformed dvc.yaml or params.yaml: one complete line naming the file, revision and position', async () => {
    writeFiles(root, { 'params.yaml': 'lr: 0.02\nmodel:\n  depth: [4\n  kind: tree\n' });
    const params = await cml(root, ['params', 'diff']);
    expect(params.code).toBe(1);
    expect(params.stderr.trimEnd().split('\n')).toEqual([
      'error: params.yaml at workspace: invalid YAML at line 4, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    writeFiles(root, { 'params.yaml': 'lr: *rate\n' });
    const alias = await cml(root, ['params', 'diff']);
    expect(alias.stderr.trimEnd().split('\n')).toEqual([
      'error: params.yaml at workspace: invalid YAML: Unresolved alias (the anchor must be set before the alias): rate',
    ]);
    writeFiles(root, { 'params.yaml': 'lr: 0.01\n', 'dvc.yaml': `${DVC_YAML}plots:\n  - x\n y: 1\n` });
    const dvc = await cml(root, ['metrics', 'diff']);
    expect(dvc.code).toBe(1);
    expect(dvc.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^error: dvc\.yaml at workspace: invalid YAML at line \d+, column \d+: \S.*[^:]$/),
    ]);
  });

  it('no metrics anywhere is a clear error', async () => {
    const bare = tempDir();
    try {
      initRepo(bare.path);
      commit(bare.path, { 'README.md': 'x\n' }, 'init');
      const result = await cml(bare.path, ['metrics', 'diff']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no metrics files');
    } finally {
      bare.remove();
    }
  });

  it('TOML and CSV targets (last row, or --row)', async () => {
    commit(root, { 'train.toml': 'acc = 0.5\n', 'log.csv': 'epoch,acc\n1,0.4\n2,0.5\n' }, 'more');
    writeFiles(root, { 'train.toml': 'acc = 0.6\n', 'log.csv': 'epoch,acc\n1,0.45\n2,0.55\n3,0.65\n' });
    const result = await cml(root, ['metrics', 'diff', '--targets', 'train.toml', '--targets', 'log.csv', '--md']);
    expect(markdownCells(result.stdout).slice(1)).toEqual([
      ['log.csv', 'acc', '0.5', '0.65', '0.15'],
      ['log.csv', 'epoch', '2', '3', '1'],
      ['train.toml', 'acc', '0.5', '0.6', '0.1'],
    ]);
    const first = await cml(root, ['metrics', 'diff', '--targets', 'log.csv', '--row', 'epoch=1', '--md']);
    expect(markdownCells(first.stdout).slice(1)).toEqual([['log.csv', 'acc', '0.4', '0.45', '0.05']]);
  });
});

describe('cml params diff', () => {
  it('--md: Path | Param | HEAD | workspace, no Change column', async () => {
    writeFiles(root, { 'params.yaml': 'lr: 0.02\nmodel:\n  depth: 4\n  kind: forest\n' });
    const result = await cml(root, ['params', 'diff', '--md']);
    expect(result.code).toBe(0);
    expect(markdownCells(result.stdout)).toEqual([
      ['Path', 'Param', 'HEAD', 'workspace'],
      ['params.yaml', 'lr', '0.01', '0.02'],
      ['params.yaml', 'model.kind', 'tree', 'forest'],
    ]);
  });

  it('--deps: only params stages depend on; --all shows unchanged ones', async () => {
    writeFiles(root, { 'params.yaml': 'lr: 0.02\nmodel:\n  depth: 4\n  kind: forest\n' });
    const deps = await cml(root, ['params', 'diff', '--deps', '--all', '--md']);
    expect(markdownCells(deps.stdout).slice(1)).toEqual([
      ['params.yaml', 'lr', '0.01', '0.02'],
      ['params.yaml', 'model.depth', '4', '4'],
    ]);
  });
});

describe('cml metrics show', () => {
  it('table and DVC-shaped JSON of the workspace', async () => {
    const table = await cml(root, ['metrics', 'show', '--md']);
    expect(markdownCells(table.stdout)).toEqual([
      ['Path', 'acc', 'auc', 'loss', 'name', 'nested.f1', 'nested.n', 'same'],
      ['eval/scores.yaml', '-', '0.7', '-', 'base', '-', '-', '-'],
      ['metrics.json', '0.9', '-', '0.35', '-', '0.8', '10', '1'],
    ]);
    const json = await cml(root, ['metrics', 'show', 'eval/scores.yaml', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ workspace: { data: { 'eval/scores.yaml': { data: { auc: 0.7, name: 'base' } } } } });
  });

  it('--md and --json together are refused', async () => {
    mkdirSync(join(root, 'x'), { recursive: true });
    writeFileSync(join(root, 'x', 'm.json'), '{}');
    const result = await cml(root, ['metrics', 'show', '--md', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--md and --json cannot be combined');
  });

  it('files named explicitly need no git repository', async () => {
    const outside = tempDir();
    try {
      writeFiles(outside.path, { 'metrics.json': '{"acc": 0.9, "per_class": [0.8, 0.9]}\n', 'eval/scores.yaml': 'auc: 0.7\n' });
      const result = await cml(outside.path, ['metrics', 'show', 'metrics.json', './eval/scores.yaml', '--md']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(markdownCells(result.stdout)).toEqual([
        ['Path', 'acc', 'auc'],
        ['metrics.json', '0.9', '-'],
        ['eval/scores.yaml', '-', '0.7'],
      ]);
      const missing = await cml(outside.path, ['metrics', 'show', 'gone.json']);
      expect(missing.stderr).toContain('metrics file gone.json does not exist');
      // Without named files the metrics come from dvc.yaml in a repository, which needs git.
      expect((await cml(outside.path, ['metrics', 'show'])).stderr).toContain('is not inside a git repository');
    } finally {
      outside.remove();
    }
  });
});

describe('cml metrics history', () => {
  it('counts commits in words that agree with the number', async () => {
    const result = await cml(root, ['metrics', 'history', '--targets', 'none.json']);
    expect(result.stderr).toContain('no metrics found in the 1 commit of HEAD');
  });
});
