// The reference for ClinVar matching: `bcftools norm` on both sides, then `bcftools annotate` with the
// ClinVar file, as a bioinformatician would check a pipeline. Both inputs are bgzipped and indexed
// (bcftools' synced reader needs that), their own IDs cleared so only ClinVar's remain.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${cmd} ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? ''}`);
  }
}

/** `bcftools norm [-f fasta] -m -any` into an indexed .vcf.gz. */
export function normalised(input: string, out: string, fasta?: string): string {
  run('bcftools', ['norm', ...(fasta ? ['-f', fasta, '-c', 'w'] : []), '-m', '-any', '-Oz', '-o', out, input]);
  run('tabix', ['-f', '-p', 'vcf', out]);
  return out;
}

/** A (plain gzip or plain) VCF as an indexed BGZF file. */
export function bgzipped(input: string, out: string): string {
  writeFileSync(out, execFileSync('bgzip', ['-c'], { input: execFileSync('gzip', ['-dcf', input], { maxBuffer: 1 << 28 }), maxBuffer: 1 << 28 }));
  run('tabix', ['-f', '-p', 'vcf', out]);
  return out;
}

export interface Match { chrom: string; pos: number; ref: string; alt: string; id: string; significance: string }

/** The records of `vcf` that bcftools annotate gives a ClinVar ID, with ClinVar's CLNSIG (or ONC). */
export function bcftoolsMatches(vcf: string, clinvar: string, workDir: string): Match[] {
  const cleared = join(workDir, 'cleared.vcf.gz');
  run('bcftools', ['annotate', '-x', 'ID,INFO', '-Oz', '-o', cleared, vcf]);
  run('tabix', ['-f', '-p', 'vcf', cleared]);
  const annotated = run('bcftools', ['annotate', '-a', clinvar, '-c', 'ID,INFO/CLNSIG,INFO/ONC', cleared]);
  const rows = execFileSync('bcftools', ['query', '-i', 'ID!="."', '-f', '%CHROM\t%POS\t%REF\t%ALT\t%ID\t%CLNSIG\t%ONC\n', '-'], { input: annotated, encoding: 'utf8', maxBuffer: 1 << 28 });
  return rows.split('\n').filter(Boolean).map((line) => {
    const [chrom, pos, ref, alt, id, clnsig, onc] = line.split('\t') as [string, string, string, string, string, string, string];
    return { chrom, pos: Number(pos), ref, alt, id, significance: clnsig !== '.' ? clnsig : onc !== '.' ? onc : 'not_provided' };
  });
}
