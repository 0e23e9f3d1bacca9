// The name of the branch that stores published assets: its default and its validation. Tiny on
// purpose: command specs import the default, and they must stay light.

import { UsageError } from '../errors.js';

export const DEFAULT_ASSET_BRANCH = 'cml-assets';

export function validateBranchName(branch: string, flag = '--asset-branch'): string {
  // git check-ref-format, the parts that matter for a user-given name.
  if (!branch || /(^[./-])|([./]$)|\.\.|[\s~^:?*[\\]|@\{|\/\/|\.lock$/.test(branch)) {
    throw new UsageError(`${flag} "${branch}" is not a valid branch name`, { hint: 'use letters, digits, -, _ and /, e.g. cml-assets' });
  }
  return branch;
}
