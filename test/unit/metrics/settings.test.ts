// Flags -> settings: every bad value is refused up front, in one line that names the flag.
import { describe, expect, it } from 'vitest';
import { buildMetricsDiffSettings, buildMetricsHistorySettings, buildMetricsReportSettings } from '../../../src/commands/metrics/settings.js';
import { metricsDiffSpec, metricsReportSpec } from '../../../src/commands/metrics/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { splitAncestry } from '../../../src/git/revisions.js';

function diffSettings(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseCommand(metricsDiffSpec, argv, env);
  return buildMetricsDiffSettings(parsed.values, parsed.positionals, '/repo');
}

describe('metrics diff settings', () => {
  it('defaults: HEAD vs workspace, precision 5, fetch from origin', () => {
    expect(diffSettings([])).toMatchObject({
      oldRevision: 'HEAD',
      newRevision: undefined,
      precision: 5,
      format: 'table',
      fetch: { remote: 'origin', fetch: true },
      targets: undefined,
      gates: [],
    });
  });

  it('targets repeat or comma-separate; env fallbacks work', () => {
    expect(diffSettings(['--targets', 'a.json,b.yaml', '--targets', 'c.toml']).targets).toEqual(['a.json', 'b.yaml', 'c.toml']);
    expect(diffSettings([], { CML_METRICS_PRECISION: '3', CML_METRICS_FAIL_ON: 'acc:-0.1\nloss:+0.1' })).toMatchObject({
      precision: 3,
      gates: [{ key: 'acc' }, { key: 'loss' }],
    });
  });

  it('refuses bad values with the flag named', () => {
    expect(() => diffSettings(['--precision', '0'])).toThrow('--precision must be a whole number from 1 to 20, got "0"');
    expect(() => diffSettings(['--precision', 'x'])).toThrow(/--precision/);
    expect(() => diffSettings(['--md', '--json'])).toThrow('--md and --json cannot be combined');
    expect(() => diffSettings(['a', 'b', 'c'])).toThrow(/takes at most two revisions/);
    expect(() => diffSettings(['--fail-on', 'acc'])).toThrow(/--fail-on "acc" is not a gate/);
    expect(() => diffSettings(['--row', 'last'])).toThrow(/--row "last" is not a row selector/);
    expect(() => diffSettings(['--remote', 'my remote'])).toThrow(/is not a remote name/);
  });

  it('--show-md / --show-json are accepted, as DVC spells them', () => {
    expect(diffSettings(['--show-md']).format).toBe('markdown');
    expect(diffSettings(['--show-json']).format).toBe('json');
  });
});

describe('other settings', () => {
  it('history validates --last and --plot', () => {
    const build = (values: Record<string, string>) => buildMetricsHistorySettings({ 'rev-range': 'HEAD', last: '20', ...values } as never, [], '/repo');
    expect(build({}).last).toBe(20);
    expect(() => build({ last: '0' })).toThrow(/--last must be/);
    expect(() => build({ plot: 'trend.gif' })).toThrow(/must end with \.png, \.svg or \.json/);
    expect(build({ plot: 'out/trend.svg' }).plot).toBe('/repo/out/trend.svg');
  });

  it('report: job summary only when asked and available', () => {
    const parsed = parseCommand(metricsReportSpec, ['main', '--no-job-summary', '--lower-is-better', 'acc*'], {});
    const settings = buildMetricsReportSettings(parsed.values, parsed.positionals, '/repo', '/tmp/summary.md');
    expect(settings.jobSummary).toBeUndefined();
    expect(settings.lowerIsBetter[0]?.test('accuracy')).toBe(true);
    expect(settings.oldRevision).toBe('main');
    const withSummary = parseCommand(metricsReportSpec, [], {});
    expect(buildMetricsReportSettings(withSummary.values, withSummary.positionals, '/repo', '/tmp/summary.md').jobSummary).toBe('/tmp/summary.md');
  });
});

describe('splitAncestry', () => {
  it.each([
    ['main', 'main', 0],
    ['HEAD~3', 'HEAD', 3],
    ['HEAD^^', 'HEAD', 2],
    ['v1.0~2^', 'v1.0', 3],
    ['feature/x^2', 'feature/x', 1],
    ['HEAD~', 'HEAD', 1],
  ])('%s -> %s + %i generations', (revision, base, generations) => {
    expect(splitAncestry(revision)).toEqual({ base, generations });
  });
});
