// Every job kind, one line each. The contract's JobResults (preload/api.ts) must name the same kinds.
import type { JobKindName, JobResults } from '../../preload/api.ts';
import type { JobKind } from './kind.ts';
import { analyzeJob } from './kinds/analyze/definition.ts';
import { analyzeCheckJob } from './kinds/analyze-check/definition.ts';
import { importJob } from './kinds/import/definition.ts';
import { maskEditJob } from './kinds/mask-edit/definition.ts';
import { vcfImportJob } from './kinds/vcf-import/definition.ts';
import { vcfAnnotateJob } from './kinds/vcf-annotate/definition.ts';
import { vcfScoreJob } from './kinds/vcf-score/definition.ts';

export const JOB_KINDS: { [K in JobKindName]: JobKind<unknown, JobResults[K]> } = {
  import: importJob as JobKind<unknown, JobResults['import']>,
  analyze: analyzeJob as JobKind<unknown, JobResults['analyze']>,
  'analyze-check': analyzeCheckJob as JobKind<unknown, JobResults['analyze-check']>,
  'mask-edit': maskEditJob as JobKind<unknown, JobResults['mask-edit']>,
  'vcf-import': vcfImportJob as JobKind<unknown, JobResults['vcf-import']>,
  'vcf-annotate': vcfAnnotateJob as JobKind<unknown, JobResults['vcf-annotate']>,
  'vcf-score': vcfScoreJob as JobKind<unknown, JobResults['vcf-score']>,
};
