// The key-images strip under the viewports: one small image per key image of the case (newest study
// first); a click shows that image in the main viewport. It is there only while the case has key images
// (K or the Key button marks the image shown), and exports them as DICOM Key Object Selection documents.
import { useEffect, useRef, useState } from 'react';
import { utilities } from '@cornerstonejs/core';
import type { KeyImage } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { cornerstoneReady } from '../viewer/cornerstone.ts';
import { precisImageId } from '../viewer/imageIds.ts';
import { showKeyImage, useKeyImages } from './keyImages.ts';

function KeyImageThumb({ caseId, image }: { caseId: string; image: KeyImage }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    // The viewer's own image id: the strip and the viewport share one cached image.
    void cornerstoneReady()
      .then(() => utilities.loadImageToCanvas({ canvas: target, imageId: precisImageId(caseId, image.SOPInstanceUID, image.frame), thumbnail: true }))
      .catch(() => setFailed(true));
  }, [caseId, image.SOPInstanceUID, image.frame]);
  if (failed) return <div className="key-image-thumb placeholder">!</div>;
  return <canvas ref={canvas} className="key-image-thumb" width={48} height={48} />;
}

const where = (k: KeyImage): string => `S${k.SeriesNumber ?? '—'} · Im ${k.InstanceNumber ?? '—'}${k.frame > 1 ? ` · f${k.frame}` : ''}`;

function describe(k: KeyImage): string {
  const frame = k.frame > 1 ? `, frame ${k.frame}` : '';
  return `${k.SeriesDescription || 'Series'} (series ${k.SeriesNumber ?? '—'}), image ${k.InstanceNumber ?? '—'}${frame}; marked by ${k.markedBy}. Click to show it.`;
}

/** Writes the documents under the data directory's exports folder and says where. */
function ExportButton({ caseId }: { caseId: string }) {
  const [note, setNote] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    try {
      const result = await precis().case.exportKeyImages({ caseId });
      const more = result.documents.length > 1 ? ` and ${result.documents.length - 1} more (one per study)` : '';
      setNote(`Key Object Selection written to ${result.file}${more}.`);
    } catch (error) {
      setNote(`The key images could not be exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <>
      <button data-testid="key-images-export" title="Export the key images as DICOM Key Object Selection documents" onClick={() => void run()}>Export KOS</button>
      {note && <span className="key-images-note" data-testid="key-images-export-note">{note}</span>}
    </>
  );
}

export function KeyImagesStrip() {
  const { caseId, images, error } = useKeyImages();
  if (!caseId || (images.length === 0 && !error)) return null;
  return (
    <section className="key-images-strip" data-testid="key-images-strip" aria-label="Key images">
      <span className="key-images-title">Key images <span className="num">{images.length}</span></span>
      <ul className="key-images-list">
        {images.map((k) => (
          <li key={`${k.SOPInstanceUID}/${k.frame}`}>
            <button className="key-image-item" data-testid="key-image" title={describe(k)} onClick={() => void showKeyImage(k)}>
              <KeyImageThumb caseId={caseId} image={k} />
              <span className="key-image-label num">{where(k)}</span>
            </button>
          </li>
        ))}
      </ul>
      {error ? <span className="key-images-note error" role="alert">{error}</span> : <ExportButton key={caseId} caseId={caseId} />}
    </section>
  );
}
