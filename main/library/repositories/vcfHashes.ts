// Which case each imported VCF belongs to, by sha256 (library migration 0005): the check that refuses
// one file for two patients, made under the library's write lock so two imports cannot both pass.
import { Repository } from '../../storage/database.ts';

export class VcfHashIndex extends Repository {
  /**
   * Claims `sha256` for `caseId` and returns the case that holds it: `caseId` itself when it was free
   * or already this case's, else the other case (nothing written). Call under Library.locked.
   */
  claim(sha256: string, caseId: string): string {
    const row = this.write.prepare('SELECT case_id FROM vcf_hashes WHERE sha256 = ?').get(sha256) as { case_id: string } | undefined;
    if (row) return row.case_id;
    this.write.prepare('INSERT INTO vcf_hashes (sha256, case_id, claimed_at) VALUES (?, ?, ?)').run(sha256, caseId, new Date().toISOString());
    return caseId;
  }

  /** The case holding `sha256`, or null. */
  holderOf(sha256: string): string | null {
    return (this.read.prepare('SELECT case_id FROM vcf_hashes WHERE sha256 = ?').get(sha256) as { case_id: string } | undefined)?.case_id ?? null;
  }

  /** Gives a claim back (an import that stored nothing for the case). */
  release(sha256: string, caseId: string): void {
    this.write.prepare('DELETE FROM vcf_hashes WHERE sha256 = ? AND case_id = ?').run(sha256, caseId);
  }

  /** Forgets every file of an erased case. */
  forgetCase(caseId: string): void {
    this.write.prepare('DELETE FROM vcf_hashes WHERE case_id = ?').run(caseId);
  }
}
