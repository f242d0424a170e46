// A content tree (contentItem.ts) as the data elements of PS3.3 C.17.3 (SR Document Content Module):
// relationship, value type, concept name, the value attributes of each value type, children in the
// Content Sequence. Numbers go as a DS of at most 16 characters and, at full precision, as an FD.
import type { Code } from './codes.ts';
import type { CompositeRef, ContentItem } from './contentItem.ts';
import { num, seq, str, T, type Dataset } from './dicomElements.ts';
import { decimalString } from './values.ts';

/** A Code Sequence item; values over 16 characters go in Long Code Value (PS3.3 8.8). */
export function codeDataset(c: Code): Dataset {
  const value = c.value.length > 16 ? str(T.LongCodeValue, 'UC', c.value) : str(T.CodeValue, 'SH', c.value);
  return [value, str(T.CodingSchemeDesignator, 'SH', c.scheme), str(T.CodeMeaning, 'LO', c.meaning)];
}

export function referencedSop(ref: CompositeRef): Dataset {
  const ds: Dataset = [str(T.ReferencedSOPClassUID, 'UI', ref.sopClassUID), str(T.ReferencedSOPInstanceUID, 'UI', ref.sopInstanceUID)];
  if (ref.frames.length > 0) ds.push(str(T.ReferencedFrameNumber, 'IS', ...ref.frames.map(String)));
  return ds;
}

function numValue(value: number | null, numeric: string | null, unit: Code | null): Dataset {
  if (value === null || !unit) return [seq(T.MeasuredValueSequence, [])];
  return [seq(T.MeasuredValueSequence, [[
    seq(T.MeasurementUnitsCodeSequence, [codeDataset(unit)]),
    str(T.NumericValue, 'DS', numeric ?? decimalString(value)),
    num(T.FloatingPointValue, 'FD', value),
  ]])];
}

/** The value attributes of one item (and, for a container, its continuity and template). */
function valueElements(node: ContentItem): Dataset {
  switch (node.valueType) {
    case 'CONTAINER': {
      const ds: Dataset = [str(T.ContinuityOfContent, 'CS', node.continuity)];
      if (node.template) ds.push(seq(T.ContentTemplateSequence, [[str(T.MappingResource, 'CS', 'DCMR'), str(T.TemplateIdentifier, 'CS', node.template)]]));
      return ds;
    }
    case 'TEXT': return [str(T.TextValue, 'UT', node.text)];
    case 'PNAME': return [str(T.PersonName, 'PN', node.text)];
    case 'UIDREF': return [str(T.UID, 'UI', node.text)];
    case 'DATE': return [str(T.Date, 'DA', node.text)];
    case 'TIME': return [str(T.Time, 'TM', node.text)];
    case 'DATETIME': return [str(T.DateTime, 'DT', node.text)];
    case 'CODE': return [seq(T.ConceptCodeSequence, [codeDataset(node.code)])];
    case 'NUM': return numValue(node.value, node.numeric, node.unit);
    case 'SCOORD3D':
      return [str(T.GraphicType, 'CS', node.graphicType), num(T.GraphicData, 'FL', ...node.data), str(T.ReferencedFrameOfReferenceUID, 'UI', node.frameOfReferenceUID)];
    case 'SCOORD': return [str(T.GraphicType, 'CS', node.graphicType), num(T.GraphicData, 'FL', ...node.data)];
    case 'IMAGE':
    case 'COMPOSITE': return [seq(T.ReferencedSOPSequence, [referencedSop(node.ref)])];
    case 'OTHER': throw new Error(`content items of type ${node.name} are not written`);
  }
}

/** The elements of one content item and, below it, its children. The root (no relationship) gives the
 *  document-level attributes: value type, concept name, continuity, template and content. */
export function contentElements(node: ContentItem): Dataset {
  const ds: Dataset = [str(T.ValueType, 'CS', node.valueType), ...valueElements(node)];
  if (node.relationship) ds.push(str(T.RelationshipType, 'CS', node.relationship));
  if (node.concept) ds.push(seq(T.ConceptNameCodeSequence, [codeDataset(node.concept)]));
  if (node.children.length > 0) ds.push(seq(T.ContentSequence, node.children.map(contentElements)));
  return ds;
}
