// The side panel's tabs. Adding a panel = a folder under panels/ plus one line here.
import type { ComponentType } from 'react';
import { AiPanel } from './ai/AiPanel.tsx';
import { definePanels, type PanelRegistration } from './definePanels.ts';
import { FindingsPanel } from './findings/FindingsPanel.tsx';
import { GenomicsPanel } from './genomics/GenomicsPanel.tsx';
import { MeasurementsPanel } from './measurements/MeasurementsPanel.tsx';

export type Panel = PanelRegistration<ComponentType>;

/** Checked at load (unique, well-formed ids): a mistake here stops the app at start, not a user later. */
export const PANELS: ReadonlyArray<Panel> = definePanels<ComponentType>([
  { id: 'measurements', title: 'Measurements', order: 10, component: MeasurementsPanel },
  { id: 'findings', title: 'Findings', order: 15, component: FindingsPanel },
  { id: 'ai', title: 'AI', order: 20, component: AiPanel },
  { id: 'genomics', title: 'Genomics', order: 30, component: GenomicsPanel },
]);
