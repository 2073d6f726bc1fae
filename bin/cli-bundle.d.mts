export declare const CLI_ENTRY: URL;
export declare const CLI_BUNDLE: URL;
export declare function freshBundle<T extends string | URL>(bundle: T, sources: readonly string[]): T | null;
export declare function freshCliBundle(): URL | null;
