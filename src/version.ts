// The tool's version, stamped in by the bundler (scripts/build.mjs) and by vitest.config.ts.
declare const __CML_VERSION__: string | undefined;

export const VERSION: string = typeof __CML_VERSION__ === 'string' ? __CML_VERSION__ : '0.0.0-dev';
