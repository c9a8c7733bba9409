import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COLLECTION_FILE_NAME } from '../../shared/collection';
import { UsageError } from './run-collection';

/** The collection folder holding a request file: the nearest folder at or above it with grpc-collection.yaml. */
export function collectionFolderOf(requestFile: string): string {
  for (let folder = dirname(requestFile); ; folder = dirname(folder)) {
    if (existsSync(join(folder, COLLECTION_FILE_NAME))) return folder;
    if (dirname(folder) === folder) throw new UsageError(`${requestFile} is not inside a collection: no ${COLLECTION_FILE_NAME} in its folder or any folder above it.`);
  }
}
