export { readImportFiles, type FlowFormat, type FoundEntries, type ReadOptions } from './read';
export {
  batchOf,
  planImport,
  unknownIndices,
  DUPLICATE_CHOICES,
  type Choices,
  type DuplicateChoice,
  type ImportPlan,
  type PreviewEntry,
} from './plan';
export { commitImport, summarize, type ImportSummary } from './commit';
export { PendingImports, PendingStore, ScannedExports } from './pending';
