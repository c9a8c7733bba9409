// The two proto trees the import benchmark compiles (bench/README.md section 1), for the import
// section and the buf vs protoc tool alike.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './workers';

export const PROTO_ROOT = join(REPO_ROOT, 'node_modules', 'google-proto-files');

export interface ProtoCorpus {
  label: string;
  /** Relative to PROTO_ROOT. */
  files: string[];
}

function newestGoogleAdsVersion(): string {
  const versions = readdirSync(join(PROTO_ROOT, 'google/ads/googleads')).filter((d) => /^v\d+$/.test(d));
  versions.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const newest = versions.at(-1);
  if (!newest) throw new Error('google-proto-files has no google/ads/googleads/v* folder');
  return newest;
}

function protoFilesIn(dir: string): string[] {
  return readdirSync(join(PROTO_ROOT, dir))
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export function importCorpora(): ProtoCorpus[] {
  const ads = newestGoogleAdsVersion();
  return [
    { label: `googleads ${ads} services`, files: protoFilesIn(`google/ads/googleads/${ads}/services`) },
    { label: 'aiplatform v1', files: protoFilesIn('google/cloud/aiplatform/v1') },
  ];
}
