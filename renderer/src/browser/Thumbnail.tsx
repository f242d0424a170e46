import { useEffect, useRef, useState } from 'react';
import { utilities } from '@cornerstonejs/core';
import { cornerstoneReady } from '../viewer/cornerstone.ts';
import { precisImageId } from '../viewer/imageIds.ts';

/** The series' middle image, rendered small by Cornerstone itself (so it shows what the viewer shows). */
export function Thumbnail({ caseId, sop }: { caseId: string; sop: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!sop || !canvas.current) return;
    const target = canvas.current;
    // The viewer's own stable id: the thumbnail and the viewer share one cached image.
    void cornerstoneReady()
      .then(() => utilities.loadImageToCanvas({ canvas: target, imageId: precisImageId(caseId, sop), thumbnail: true }))
      .catch(() => setFailed(true));
  }, [caseId, sop]);
  if (!sop || failed) return <div className="thumbnail placeholder">{sop ? '!' : '—'}</div>;
  return <canvas ref={canvas} className="thumbnail" width={64} height={64} />;
}
