// One measured Precis annotation pass in its own process: the ClinVar pack streamed into its index,
// then every variant of the VCF read (split, trimmed) and annotated as `precis vcf annotate` does it
// (ClinVar call, CIViC evidence, germline class with its rule). Prints { records, variants, matched, ms, indexMs }.
import { annotateAllele } from '../../main/genomics/knowledge/annotate.ts';
import { loadClinvar } from '../../main/genomics/knowledge/clinvar.ts';
import { sampleIndex, VcfReader } from '../../main/genomics/vcf/index.ts';

const [vcf, clinvarPath] = process.argv.slice(2) as [string, string];
const started = performance.now();
const clinvar = await loadClinvar(clinvarPath);
const indexed = performance.now();
const reader = await VcfReader.open(vcf);
let records = 0;
let variants = 0;
let matched = 0;
for await (const batch of reader.variants(sampleIndex(reader.header, null), 'stop')) {
  records += batch.records;
  for (const v of batch.variants) {
    variants += 1;
    if (annotateAllele({ clinvar, civic: null }, { testType: 'germline', tumourType: null }, v.chrom, v.pos, v.ref, v.alt).clinvar) matched += 1;
  }
}
process.stdout.write(`${JSON.stringify({ records, variants, matched, ms: performance.now() - started, indexMs: indexed - started })}\n`);
