/** Types of dist-stamp.mjs, for the tests written in TypeScript. */
export declare const buildInputs: { readonly folders: readonly string[]; readonly files: readonly string[] };
export declare function stampUrl(root: URL): URL;
export declare function readStamp(root: URL): number | undefined;
export declare function distIsFresh(root: URL): boolean;
