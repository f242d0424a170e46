// A generated single-sample VCF.gz (BGZF, tabix-indexed) of `count` records on GRCh38 that looks like a
// real call set to an annotator: about one record in fifteen is a real ClinVar allele (so lookups hit as
// often as in a cancer-gene panel), the rest SNVs beside them; sorted, with GT:DP:AD.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readLines } from '../../main/genomics/knowledge/lines.ts';
import { seededRandom } from './stats.ts';

const BASES = ['A', 'C', 'G', 'T'];

export async function generateVcf(clinvar: string, out: string, count: number): Promise<number> {
  const random = seededRandom(15);
  const chromOrder: string[] = [];
  const records: Array<{ chrom: number; pos: number; ref: string; alt: string }> = [];
  const sites: Array<{ chrom: number; pos: number; ref: string; alt: string }> = [];
  for await (const line of readLines(clinvar)) {
    if (line.startsWith('#')) continue;
    const [chrom, pos, , ref, alt] = line.split('\t') as [string, string, string, string, string];
    if (!/^[ACGT]+$/.test(ref + alt)) continue;
    if (!chromOrder.includes(chrom)) chromOrder.push(chrom);
    sites.push({ chrom: chromOrder.indexOf(chrom), pos: Number(pos), ref, alt });
  }
  const perSite = Math.ceil(count / sites.length);
  for (const site of sites) {
    records.push(site);
    for (let k = 1; k < perSite && records.length < count; k++) {
      const ref = BASES[Math.floor(random() * 4)]!;
      records.push({ chrom: site.chrom, pos: site.pos + k * 7, ref, alt: BASES[(BASES.indexOf(ref) + 1 + Math.floor(random() * 3)) % 4]! });
    }
    if (records.length >= count) break;
  }
  records.sort((a, b) => a.chrom - b.chrom || a.pos - b.pos);
  const bgzip = spawn('bgzip', ['-c', '-@', '2'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const file = createWriteStream(out);
  bgzip.stdout.pipe(file);
  const header = ['##fileformat=VCFv4.2', '##reference=GRCh38', ...chromOrder.map((c) => `##contig=<ID=${c}>`),
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1'];
  let chunk = `${header.join('\n')}\n`;
  for (const r of records) {
    const depth = 20 + Math.floor(random() * 80);
    const altDepth = Math.floor(depth * (0.1 + random() * 0.5));
    chunk += `${chromOrder[r.chrom]}\t${r.pos}\t.\t${r.ref}\t${r.alt}\t50\tPASS\t.\tGT:DP:AD\t0/1:${depth}:${depth - altDepth},${altDepth}\n`;
    if (chunk.length > 1 << 20) {
      if (!bgzip.stdin.write(chunk)) await once(bgzip.stdin, 'drain');
      chunk = '';
    }
  }
  bgzip.stdin.end(chunk);
  await once(file, 'close');
  spawnSync('tabix', ['-f', '-p', 'vcf', out]);
  return records.length;
}
