// One Measurement Group of a TID 1500 report (TID 1501, 1410, 1411: whichever produced it) as plain
// data: tracking identifiers, finding and finding sites, each measurement with its value, unit,
// modifiers (derivation, method, ...) and the geometry it was inferred from, the group's image region,
// its texts, every image it references, and the Precis annotation item when there is one.
import { C, sameCode, type Code } from './codes.ts';
import type { CompositeRef, ContentItem } from './contentItem.ts';

/** A SCOORD3D (patient mm, in its Frame of Reference) or a SCOORD (image pixels, on `image`). */
export interface RawGraphic {
  graphicType: string;
  coordinates: '2D' | '3D';
  data: number[];
  frameOfReferenceUID: string | null;
  image: CompositeRef | null;
}

export interface Modifier {
  name: Code;
  value: Code | string;
}

export interface ReadMeasurement {
  name: Code;
  value: number | null;
  numeric: string | null;
  unit: Code | null;
  derivation: Code | null;
  modifiers: Modifier[];
  graphic: RawGraphic | null;
}

export interface ReadGroup {
  /** 1-based, in document order. */
  index: number;
  template: string | null;
  trackingIdentifier: string | null;
  trackingUid: string | null;
  finding: Code | null;
  findingSites: Code[];
  /** Group-level concept modifiers other than finding sites (e.g. a measurement method for all). */
  modifiers: Modifier[];
  measurements: ReadMeasurement[];
  texts: Array<{ name: Code | null; text: string; graphic: RawGraphic | null }>;
  region: RawGraphic | null;
  images: CompositeRef[];
  /** The Precis annotation item's text, when the group has one. */
  precis: string | null;
}

function graphicOf(node: ContentItem): RawGraphic | null {
  if (node.valueType === 'SCOORD3D') {
    return { graphicType: node.graphicType, coordinates: '3D', data: node.data, frameOfReferenceUID: node.frameOfReferenceUID, image: null };
  }
  if (node.valueType !== 'SCOORD') return null;
  const image = node.children.find((c) => c.relationship === 'SELECTED FROM' && c.valueType === 'IMAGE');
  return { graphicType: node.graphicType, coordinates: '2D', data: node.data, frameOfReferenceUID: null, image: image?.valueType === 'IMAGE' ? image.ref : null };
}

function modifierOf(node: ContentItem): Modifier | null {
  if (!node.concept) return null;
  if (node.valueType === 'CODE') return { name: node.concept, value: node.code };
  if (node.valueType === 'TEXT') return { name: node.concept, value: node.text };
  return null;
}

/** The first graphic a content item is inferred from (INFERRED FROM SCOORD/SCOORD3D). */
const inferredGraphic = (node: ContentItem): RawGraphic | null =>
  node.children.filter((c) => c.relationship === 'INFERRED FROM').map(graphicOf).find((g) => g !== null) ?? null;

function measurementOf(node: Extract<ContentItem, { valueType: 'NUM' }>): ReadMeasurement {
  const modifiers = node.children.filter((c) => c.relationship === 'HAS CONCEPT MOD').map(modifierOf).filter((m): m is Modifier => m !== null);
  const derivation = modifiers.find((m) => sameCode(m.name, C.derivation) && typeof m.value !== 'string')?.value as Code | undefined;
  return {
    name: node.concept ?? { value: '', scheme: '', meaning: '' },
    value: node.value,
    numeric: node.numeric,
    unit: node.unit,
    derivation: derivation ?? null,
    modifiers,
    graphic: inferredGraphic(node),
  };
}

function imagesIn(node: ContentItem, into: CompositeRef[]): void {
  for (const child of node.children) {
    if (child.valueType === 'IMAGE' && !into.some((r) => r.sopInstanceUID === child.ref.sopInstanceUID)) into.push(child.ref);
    imagesIn(child, into);
  }
}

const isFindingSite = (c: Code | null): boolean => sameCode(c, C.findingSite) || sameCode(c, C.findingSiteSrt);

export function readGroup(node: ContentItem, index: number): ReadGroup {
  const group: ReadGroup = {
    index, template: node.valueType === 'CONTAINER' ? node.template : null, trackingIdentifier: null, trackingUid: null,
    finding: null, findingSites: [], modifiers: [], measurements: [], texts: [], region: null, images: [], precis: null,
  };
  for (const child of node.children) {
    if (child.valueType === 'TEXT' && sameCode(child.concept, C.trackingIdentifier)) group.trackingIdentifier = child.text;
    else if (child.valueType === 'UIDREF' && sameCode(child.concept, C.trackingUid)) group.trackingUid = child.text;
    else if (child.valueType === 'TEXT' && sameCode(child.concept, C.precisAnnotation)) group.precis = child.text;
    else if (child.valueType === 'CODE' && sameCode(child.concept, C.finding)) group.finding = child.code;
    else if (child.valueType === 'CODE' && isFindingSite(child.concept)) group.findingSites.push(child.code);
    else if (child.relationship === 'HAS CONCEPT MOD') {
      const modifier = modifierOf(child);
      if (modifier) group.modifiers.push(modifier);
    } else if (child.valueType === 'NUM') group.measurements.push(measurementOf(child));
    else if (child.valueType === 'TEXT' && child.relationship === 'CONTAINS') group.texts.push({ name: child.concept, text: child.text, graphic: inferredGraphic(child) });
    else if ((child.valueType === 'SCOORD3D' || child.valueType === 'SCOORD') && child.relationship === 'CONTAINS') group.region ??= graphicOf(child);
  }
  imagesIn(node, group.images);
  return group;
}

/** Every Measurement Group container of a report, in document order (not those nested in another). */
export function measurementGroups(root: ContentItem): ContentItem[] {
  const found: ContentItem[] = [];
  const visit = (node: ContentItem): void => {
    for (const child of node.children) {
      if (child.valueType === 'CONTAINER' && sameCode(child.concept, C.measurementGroup)) found.push(child);
      else visit(child);
    }
  };
  visit(root);
  return found;
}
