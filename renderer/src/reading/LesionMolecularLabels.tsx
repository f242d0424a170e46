// A lesion's molecular findings written on it in the viewer (issue 15, item 6): for each annotation of
// the image shown that has linked variants, a label beside its first point naming them ('TP53
// p.Val73fs'). Placed through the Cornerstone viewport's worldToCanvas on every render, so it follows
// scrolling, panning and zoom; nothing is drawn on images without a linked lesion.
import { Enums, getEnabledElement, type Types } from '@cornerstonejs/core';
import { useEffect, useState, type RefObject } from 'react';
import { parsePrecisImageId } from '../viewer/imageIds.ts';
import { useAnnotations } from './annotationSync.ts';
import { followLesionLinks, useLesionLinks } from './lesionLinks.ts';

interface Placed { annotationUID: string; x: number; y: number; text: string }

export function LesionMolecularLabels({ element, caseId }: { element: RefObject<HTMLDivElement | null>; caseId: string }) {
  const lesions = useLesionLinks((s) => s.lesions);
  const records = useAnnotations((s) => s.records);
  const [placed, setPlaced] = useState<Placed[]>([]);
  useEffect(() => followLesionLinks(caseId), [caseId]);

  useEffect(() => {
    const target = element.current;
    if (!target || lesions.length === 0) {
      setPlaced([]);
      return;
    }
    const place = (): void => {
      const viewport = getEnabledElement(target)?.viewport as Types.IStackViewport | undefined;
      const imageId = viewport?.getCurrentImageId?.();
      const sop = imageId ? parsePrecisImageId(imageId)?.sop : undefined;
      if (!viewport || !sop) return setPlaced([]);
      setPlaced(lesions.flatMap((lesion) => {
        const record = records.find((r) => r.annotationUID === lesion.annotationUID && r.SOPInstanceUID === sop);
        const point = record?.points[0];
        if (!record || !point) return [];
        const [x, y] = viewport.worldToCanvas(point as Types.Point3);
        return [{ annotationUID: lesion.annotationUID, x, y, text: lesion.variants.map((v) => v.text).join(', ') }];
      }));
    };
    place();
    target.addEventListener(Enums.Events.IMAGE_RENDERED, place);
    return () => target.removeEventListener(Enums.Events.IMAGE_RENDERED, place);
  }, [element, lesions, records]);

  return (
    <>
      {placed.map((p) => (
        <div key={p.annotationUID} className="lesion-molecular-label" data-testid="lesion-molecular-label" data-annotation-uid={p.annotationUID}
          style={{ left: p.x, top: p.y }} title="Variants linked to this lesion (Genomics tab)">
          {p.text}
        </div>
      ))}
    </>
  );
}
