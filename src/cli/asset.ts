// `cml asset publish` (and `cml-publish`), `cml asset prune`: flags -> settings -> run.

import { runPrune } from '../commands/asset/prune.js';
import { runPublish } from '../commands/asset/publish.js';
import { buildPruneSettings, buildPublishSettings } from '../commands/asset/settings.js';
import { pruneSpec, publishSpec } from '../commands/asset/spec.js';
import type { CliCommand } from './command.js';

export const assetPublish: CliCommand<typeof publishSpec.options> = {
  spec: publishSpec,
  async run(parsed, io) {
    const settings = buildPublishSettings(parsed.values, parsed.positionals, io.env, io.cwd);
    const result = await runPublish(settings, io.logger);
    io.stdout(`${settings.markdown ? result.markdown : result.url}\n`);
  },
};

export const assetPrune: CliCommand<typeof pruneSpec.options> = {
  spec: pruneSpec,
  async run(parsed, io) {
    const settings = buildPruneSettings(parsed.values, io.env);
    const outcome = await runPrune(settings, io.logger);
    if (parsed.values.json) io.stdout(`${JSON.stringify({ kept: outcome.kept, removed: outcome.removed, referenced: outcome.referenced })}\n`);
    else for (const path of outcome.removed) io.stdout(`${settings.dryRun ? 'would remove' : 'removed'} ${path}\n`);
  },
};
