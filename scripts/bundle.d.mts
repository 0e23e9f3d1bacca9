// Types of scripts/bundle.mjs, for the TypeScript tests that bundle sources.
export declare const root: string;
export declare function productEntryPoints(): Promise<Record<string, string>>;
export declare function bundle(options: {
  outdir: string;
  entryPoints?: Record<string, string>;
  minify?: boolean;
  logLevel?: 'verbose' | 'debug' | 'info' | 'warning' | 'error' | 'silent';
}): Promise<Record<string, string>>;
