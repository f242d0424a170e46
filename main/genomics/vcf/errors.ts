// A VCF line that cannot be read: the error names the line (1-based, in the decompressed text) and
// what is wrong with it, so a user can open the file and fix or skip it.
import { AppError } from '../../errors.ts';

export class VcfLineError extends AppError {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super('vcf-invalid', `line ${line}: ${reason}`);
    this.name = 'VcfLineError';
    this.line = line;
    this.reason = reason;
  }
}
