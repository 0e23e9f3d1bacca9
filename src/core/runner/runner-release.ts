// The actions/runner release installed on every machine, pinned with the SHA-256 checksums GitHub
// publishes in the release notes (https://github.com/actions/runner/releases/tag/v2.337.0). The
// boot script refuses to run an archive whose checksum differs. Bump all three lines together.

export const RUNNER_VERSION = '2.337.0';

export type RunnerArchitecture = 'x64' | 'arm64';

export const RUNNER_SHA256: Readonly<Record<RunnerArchitecture, string>> = {
  x64: '70920811a4f8ad4328818682bca5c6469c1c942fab52448868071d0063816613',
  arm64: '9b1dc70626422526e3c94767cf024896beb15da5342a3f4819bf2feac13e0393',
};

export function runnerArchiveName(architecture: RunnerArchitecture): string {
  return `actions-runner-linux-${architecture}-${RUNNER_VERSION}.tar.gz`;
}

export function runnerDownloadUrl(architecture: RunnerArchitecture): string {
  return `https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/${runnerArchiveName(architecture)}`;
}
