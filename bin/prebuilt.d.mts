export type BinName = 'twofold' | 'twofold-server';
export declare const BINS: Record<
  BinName,
  {
    entry: URL;
    bundle: URL;
    sources: readonly string[];
    assets: readonly string[];
    external: readonly string[];
    fromSourceEnv: string;
  }
>;
export declare function freshBundle<T extends string | URL>(bundle: T, sources: readonly string[]): T | null;
export declare function freshBinBundle(name: BinName): URL | null;
export declare function freshCliBundle(): URL | null;
export declare function startBin(name: BinName): Promise<void>;
