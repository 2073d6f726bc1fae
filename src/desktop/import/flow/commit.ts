import type { Vault } from '../../vault';
import type { ImportFailure } from '../types';
import { batchOf, type Choices, type ImportPlan, type PreviewEntry } from './plan';

export interface ImportSummary {
  readonly imported: number;
  readonly replaced: number;
  readonly skipped: Pick<PreviewEntry, 'issuer' | 'account' | 'type'>[];
  readonly unreadable: readonly ImportFailure[];
  readonly warnings: readonly string[];
}

const named = ({ issuer, account, type }: PreviewEntry) => ({ issuer, account, type });

/** What an import would do, without writing: `--dry-run` and the preview's counts. */
export function summarize(plan: ImportPlan, choices: Choices): ImportSummary {
  const batch = batchOf(plan, choices);
  return {
    imported: batch.add.length + batch.replace.length,
    replaced: batch.replace.length,
    skipped: batch.skipped.map((index) => named(plan.preview[index] as PreviewEntry)),
    unreadable: plan.found.failures,
    warnings: plan.found.warnings,
  };
}

/** The import itself: one atomic vault write, everything chosen or nothing. */
export async function commitImport(vault: Vault, plan: ImportPlan, choices: Choices): Promise<ImportSummary> {
  const batch = batchOf(plan, choices);
  if (batch.add.length + batch.replace.length > 0)
    await vault.importBatch({ add: batch.add, replace: batch.replace });
  return summarize(plan, choices);
}
