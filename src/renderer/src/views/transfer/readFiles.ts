import type { ImportRequest } from './ImportDialog';

/** The bytes of files the person opened, dropped or pasted, for main to read. */
export async function importRequestOf(files: Iterable<File>): Promise<ImportRequest> {
  const read = await Promise.all(
    [...files].map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })),
  );
  return { files: read };
}
