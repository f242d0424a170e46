// The measurement and annotation tools a reader picks from the toolbar or with a key (Cornerstone3D
// tools). One list: cornerstone.ts registers them, viewerCommands.ts makes a command of each.
import {
  AngleTool,
  ArrowAnnotateTool,
  BidirectionalTool,
  CobbAngleTool,
  EllipticalROITool,
  LengthTool,
  PlanarFreehandROITool,
  ProbeTool,
  RectangleROITool,
} from '@cornerstonejs/tools';

export interface AnnotationToolEntry {
  /** Cornerstone's tool name: stored with each annotation, and the `tool-<name>` test id. */
  name: string;
  label: string;
  key: string;
  tool: { toolName: string };
}

export const ANNOTATION_TOOLS: readonly AnnotationToolEntry[] = [
  { name: LengthTool.toolName, label: 'Length', key: 'l', tool: LengthTool },
  { name: AngleTool.toolName, label: 'Angle', key: 'a', tool: AngleTool },
  { name: CobbAngleTool.toolName, label: 'Cobb angle', key: 'c', tool: CobbAngleTool },
  { name: BidirectionalTool.toolName, label: 'Bidirectional (long and short axis)', key: 'b', tool: BidirectionalTool },
  { name: EllipticalROITool.toolName, label: 'Ellipse ROI', key: 'e', tool: EllipticalROITool },
  { name: RectangleROITool.toolName, label: 'Rectangle ROI', key: 'g', tool: RectangleROITool },
  { name: PlanarFreehandROITool.toolName, label: 'Freehand ROI', key: 'f', tool: PlanarFreehandROITool },
  { name: ProbeTool.toolName, label: 'Probe (HU at a point)', key: 'p', tool: ProbeTool },
  { name: ArrowAnnotateTool.toolName, label: 'Arrow with text', key: 't', tool: ArrowAnnotateTool },
];

export const ANNOTATION_TOOL_NAMES: ReadonlySet<string> = new Set(ANNOTATION_TOOLS.map((t) => t.name));
