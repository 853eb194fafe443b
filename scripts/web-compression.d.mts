// Types of web-compression.mjs, for web/vite.config.ts and test/web-ui-compression.test.ts.

export declare const COMPRESSIBLE_EXTENSIONS: readonly string[];
export declare const MIN_COMPRESS_BYTES: number;
export declare const MAX_KEPT_RATIO: number;
export declare const VARIANT_SUFFIX: { readonly br: '.br'; readonly gzip: '.gz' };

export declare function isCompressible(path: string, size: number): boolean;
export declare function compressBrotli(bytes: Buffer): Promise<Buffer>;
export declare function compressGzip(bytes: Buffer): Promise<Buffer>;

export interface PrecompressedFile {
  readonly path: string;
  readonly raw: number;
  /** Size of the `.br` variant written, undefined when none is (not compressible, too small, too little saved). */
  readonly br: number | undefined;
  readonly gzip: number | undefined;
}
export declare function precompressDirectory(dir: string): Promise<PrecompressedFile[]>;

export interface Reference {
  readonly url: string;
  readonly how: string;
  readonly dynamic: boolean;
}
export declare function htmlReferences(html: string): Reference[];
export declare function scriptReferences(js: string): Reference[];
export declare function styleReferences(css: string): Reference[];

export interface FirstLoadFile {
  /** URL path, e.g. /assets/index-abc.js. */
  readonly path: string;
  readonly how: string;
  readonly from: string | undefined;
  /** Reached only through a dynamic import. */
  readonly dynamic: boolean;
  readonly bytes: Buffer;
}
export declare function walkFirstLoad(
  entry: string,
  read: (path: string) => Promise<Buffer | undefined>,
): Promise<{ files: FirstLoadFile[]; missing: string[] }>;
