// Types for scripts/test-prerequisites.mjs, for the TypeScript that imports it (test/global-setup.ts).
export declare const root: string;
export declare const NODE24_PACKAGE: string;
export declare const SETUP_HINT: string;
type Env = Readonly<Record<string, string | undefined>>;
export declare function cacheDirectory(env?: Env): string;
export declare function node24Prefix(env?: Env): string;
export declare function downloadedNode24(env?: Env): string;
export declare function nodeVersion(binary: string): string | undefined;
export declare function findNode24(env?: Env): { binary: string; missing?: undefined } | { binary?: undefined; missing: string };
export declare function buildCache(): string;
export declare function missingArm64Sharp(): string[];
