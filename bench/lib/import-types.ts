export interface ImportInput {
  /** Absolute paths for ours; paths relative to the root for proto-loader. */
  protoFiles: string[];
  root: string;
  cacheDir: string;
}
export interface ImportOutput {
  ms: number;
  fromCache: boolean;
  fileCount: number;
  services: number;
  /** The compiler child's CPU time (user + system), where the worker measures it (Linux). */
  compilerCpuMs?: number | null;
}
