// The Grafana dashboard in examples/monitoring/ queries only metrics that `cml drift` exports:
// every metric name in its panels' PromQL and its variables' label_values() is one of the
// families `--prometheus` writes (and so `--pushgateway` pushes).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../../src/cli/main.js';

const root = new URL('../../../', import.meta.url).pathname;
const fixtures = new URL('../../fixtures/drift/', import.meta.url).pathname;
const dashboard = JSON.parse(readFileSync(`${root}examples/monitoring/grafana/dashboards/cml-drift.json`, 'utf8'));

async function exportedFamilies(): Promise<Set<string>> {
  let stdout = '';
  const code = await runCli(['drift', '--reference', 'reference.csv', '--current', 'current.csv', '--target', 'label', '--prometheus', '-'], {
    env: {},
    cwd: fixtures,
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    signal: new AbortController().signal,
  });
  expect(code).toBe(0);
  return new Set([...stdout.matchAll(/^# TYPE (\S+) gauge$/gm)].map((match) => match[1]!));
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset']);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or Grafana variables. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\{[^}]*\}|\$\w+/g, '')
    .replace(/\b\d+(\.\d+)?([eE][+-]?\d+)?\b/g, '');
  // An identifier followed by "(" is a function (max, rate, label_values).
  return [...bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)]
    .filter((match) => !/^\s*\(/.test(bare.slice(match.index + match[0].length)))
    .map((match) => match[0])
    .filter((token) => !KEYWORDS.has(token));
}

function panelsOf(items: { panels?: unknown[]; targets?: { expr?: string }[] }[]): { title: string; targets?: { expr?: string }[] }[] {
  return items.flatMap((panel) => [panel as { title: string; targets?: { expr?: string }[] }, ...panelsOf((panel.panels ?? []) as typeof items)]);
}

describe('examples/monitoring Grafana dashboard', () => {
  it('every metric its panels and variables query is one `cml drift` exports', async () => {
    const exported = await exportedFamilies();
    expect(exported.size).toBeGreaterThanOrEqual(10);
    const used = new Map<string, string>();
    for (const panel of panelsOf(dashboard.panels)) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        const names = metricNames(target.expr ?? '');
        expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const name of names) used.set(name, `panel "${panel.title}"`);
      }
    }
    for (const variable of dashboard.templating.list as { name: string; query: { query: string } }[]) {
      const match = /^label_values\(([A-Za-z_:][A-Za-z0-9_:]*)/.exec(variable.query.query);
      expect(match, variable.name).not.toBeNull();
      used.set(match![1]!, `variable $${variable.name}`);
    }
    const unknown = [...used].filter(([name]) => !exported.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(unknown).toEqual([]);
    // The panels the README promises: drift per column, test statistics, failed checks.
    for (const name of ['cml_drift_column_drift', 'cml_drift_test_statistic', 'cml_drift_check_passed', 'cml_drift_failed_checks'])
      expect(used.has(name), name).toBe(true);
  });

  it('reads metric names out of PromQL, not functions, labels or variables', () => {
    expect(metricNames('max by (repo, branch) (cml_drift_detected{job=~"$job", repo="a{b}"})')).toEqual(['cml_drift_detected']);
    expect(metricNames('rate(foo_total[5m]) / on(x) group_left(y) bar > 0.5e3 and $var')).toEqual(['foo_total', 'bar']);
  });

  it('the compose file provisions the dashboard and a Prometheus datasource with the uid the panels use', () => {
    const compose = parse(readFileSync(`${root}examples/monitoring/docker-compose.yml`, 'utf8'));
    expect(Object.keys(compose.services).sort()).toEqual(['grafana', 'prometheus', 'pushgateway']);
    expect(compose.services.grafana.volumes).toContain('./grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const datasource = parse(readFileSync(`${root}examples/monitoring/grafana/provisioning/datasources/prometheus.yml`, 'utf8'));
    expect(datasource.datasources[0]).toMatchObject({ type: 'prometheus', uid: 'prometheus' });
    expect(new Set(panelsOf(dashboard.panels).map((panel) => (panel as { datasource?: { uid?: string } }).datasource?.uid))).toEqual(new Set(['prometheus']));
    const prometheus = parse(readFileSync(`${root}examples/monitoring/prometheus.yml`, 'utf8'));
    expect(prometheus.scrape_configs[0]).toMatchObject({ honor_labels: true, static_configs: [{ targets: ['pushgateway:9091'] }] });
  });
});
