// Attaches a VCF to the selected patient from the Genomics tab: the file is staged like DICOM uploads
// (streamed to the web host, encrypted as it arrives), then the vcf-import job reads it with the test
// type, tumour type and build given here; its progress comes through the job events. A refusal (a
// multi-sample file, a header without a build, a malformed line, a file attached to another patient)
// is shown in its own words.
import { useEffect, useRef, useState } from 'react';
import type { GenomeBuild, TestType } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';
import { useApp } from '../../state/store.ts';
import { reload } from './genomicsStore.ts';

async function stage(batchId: string, file: File): Promise<string> {
  const client = precis();
  const relativePath = `vcf/${file.name}`;
  if (client.uploadFile) await client.uploadFile({ batchId, relativePath, file });
  else await client.import.stageFile({ batchId, relativePath, bytes: new Uint8Array(await file.arrayBuffer()) });
  return relativePath;
}

export function AttachVcf({ caseId }: { caseId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [testType, setTestType] = useState<TestType>('somatic');
  const [tumourType, setTumourType] = useState('');
  const [build, setBuild] = useState<GenomeBuild | ''>('');
  // A multi-sample file is refused with its samples listed; the reader then names one here.
  const [sample, setSample] = useState('');
  const [skipBadLines, setSkipBadLines] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useApp((s) => (jobId ? s.jobs[jobId] : undefined));

  useEffect(() => {
    if (!job || job.state === 'running' || job.state === 'queued') return;
    if (job.state === 'failed') setError(job.error?.message ?? 'The VCF was not imported.');
    setJobId(null);
    reload();
  }, [job]);

  const attach = async (): Promise<void> => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const batchId = crypto.randomUUID();
      const relativePath = await stage(batchId, file);
      const started = await precis().genomics.importVcf({
        batchId, relativePath, caseId, testType, skipBadLines,
        ...(build ? { build } : {}), ...(sample.trim() ? { sample: sample.trim() } : {}), ...(testType === 'somatic' && tumourType.trim() ? { tumourType: tumourType.trim() } : {}),
      });
      setJobId(started.jobId);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <details className="attach-vcf" data-testid="genomics-attach">
      <summary>Attach a VCF…</summary>
      <div className="variant-filters">
        <input ref={input} type="file" accept=".vcf,.gz,.bgz" data-testid="genomics-attach-file" aria-label="VCF file" />
        <select value={testType} onChange={(e) => setTestType(e.target.value as TestType)} aria-label="Test type" data-testid="genomics-attach-test-type">
          <option value="somatic">somatic (tumour)</option>
          <option value="germline">germline</option>
        </select>
        {testType === 'somatic' && <input value={tumourType} onChange={(e) => setTumourType(e.target.value)} placeholder="Tumour type (e.g. colorectal, COAD)" aria-label="Tumour type" data-testid="genomics-attach-tumour-type" />}
        <select value={build} onChange={(e) => setBuild(e.target.value as GenomeBuild | '')} aria-label="Genome build" data-testid="genomics-attach-build">
          <option value="">Build from the header</option>
          <option value="GRCh38">GRCh38</option>
          <option value="GRCh37">GRCh37</option>
        </select>
        <input value={sample} onChange={(e) => setSample(e.target.value)} placeholder="Sample (multi-sample files)" aria-label="Sample" data-testid="genomics-attach-sample" />
        <label title="Import the readable lines and list each malformed one, instead of stopping at the first with nothing imported">
          <input type="checkbox" checked={skipBadLines} onChange={(e) => setSkipBadLines(e.target.checked)} data-testid="genomics-attach-skip-bad-lines" /> Skip malformed lines
        </label>
        <button data-testid="genomics-attach-start" disabled={jobId !== null} onClick={() => void attach()} title="Attach the file's variants to this patient">
          {job ? `Importing… ${job.total > 0 ? `${Math.round((100 * job.done) / job.total)} %` : ''}` : 'Attach'}
        </button>
      </div>
      {error && <p className="error" role="alert" data-testid="genomics-attach-error">{error}</p>}
    </details>
  );
}
