// Every viewer action as a command (id, label, keys, run, enabled): the toolbar, the keys, the shortcut
// sheet, the View menu and the tests all read this one list, so they cannot disagree.
import { stepSeries } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { useLayout } from './layoutStore.ts';
import { CT_PRESETS } from './presets.ts';
import { activeController } from './viewportRegistry.ts';
import { toggleVolume } from './volumeMode.ts';
import { GRID_LAYOUTS, setLayout } from './layouts.ts';
import { ANNOTATION_TOOLS } from '../reading/annotationTools.ts';
import { deleteSelectedAnnotations, undoAnnotationChange } from '../reading/annotationSync.ts';
import { activateTool, DEFAULT_TOOL, useActiveTool } from '../reading/toolState.ts';
import { isKeyImage, shownImage, toggleKeyImage } from '../reading/keyImages.ts';
import { CROSSHAIRS } from './mpr/mprTools.ts';
import { MprController } from './mpr/mprController.ts';
import { comparePrior } from './sync/priors.ts';
import { saveHangingProtocol } from './hanging.ts';
import { useSync } from './sync/syncState.ts';
import { linkViewports } from './sync/viewportSync.ts';

export interface ViewerCommand {
  id: string;
  label: string;
  /** The section of the shortcut sheet and the menu. */
  group: 'Images' | 'W/L presets' | 'Tools' | 'View' | 'Help';
  /** KeyboardEvent.key values that run it (no Ctrl/Alt/Meta). */
  keys: readonly string[];
  /** How the sheet, the menu and tooltips name the keys (and the mouse gesture, if any). */
  keyLabel: string;
  /** A toolbar button for it: its data-testid and text (activeText while active()). */
  button?: { testId: string; text: string; activeText?: string };
  run(): void;
  enabled(): boolean;
  /** A toggle or preset that is on (the toolbar marks it). */
  active?(): boolean;
}

/** Every viewer command needs an open series. */
const seriesOpen = (): boolean => useApp.getState().open !== null;
const viewer = () => activeController().store.getState();
const toggleLayoutFlag = (key: 'showOverlays' | 'showShortcuts'): void => useLayout.setState({ [key]: !useLayout.getState()[key] });

function command(c: Omit<ViewerCommand, 'enabled'> & { enabled?: () => boolean }): ViewerCommand {
  return { enabled: seriesOpen, ...c };
}

const imageCommands: ViewerCommand[] = [
  command({ id: 'image.next', label: 'Next image', group: 'Images', keys: ['ArrowDown', 'ArrowRight'], keyLabel: '↓ / →, wheel', run: () => activeController().step(1) }),
  command({ id: 'image.previous', label: 'Previous image', group: 'Images', keys: ['ArrowUp', 'ArrowLeft'], keyLabel: '↑ / ←, wheel', run: () => activeController().step(-1) }),
  command({ id: 'image.first', label: 'First image', group: 'Images', keys: ['Home'], keyLabel: 'Home', run: () => activeController().setIndex(0) }),
  command({ id: 'image.last', label: 'Last image', group: 'Images', keys: ['End'], keyLabel: 'End', run: () => activeController().setIndex(Number.MAX_SAFE_INTEGER) }),
  command({ id: 'series.next', label: 'Next series', group: 'Images', keys: ['PageDown'], keyLabel: 'Page Down', run: () => stepSeries(1) }),
  command({ id: 'series.previous', label: 'Previous series', group: 'Images', keys: ['PageUp'], keyLabel: 'Page Up', run: () => stepSeries(-1) }),
  command({ id: 'keyImage.toggle', label: 'Mark or unmark the image as a key image', group: 'Images', keys: ['k', 'K'], keyLabel: 'K', button: { testId: 'key-image-toggle', text: 'Key' }, run: () => void toggleKeyImage(), enabled: () => shownImage() !== null, active: () => isKeyImage(shownImage()) }),
];

const presetCommands: ViewerCommand[] = CT_PRESETS.map((p, i) =>
  command({
    id: `preset.${p.name}`,
    label: `${p.label} window: W ${p.width} L ${p.center}`,
    group: 'W/L presets',
    keys: [String(i + 1)],
    keyLabel: String(i + 1),
    button: { testId: `wl-preset-${p.name}`, text: p.short ?? p.label },
    run: () => activeController().applyPreset(p),
    active: () => viewer().activePreset === p.name,
  }),
);

const toolCommand = (name: string, label: string, key: string): ViewerCommand =>
  command({
    id: `tool.${name}`,
    label,
    group: 'Tools',
    keys: [key, key.toUpperCase()],
    keyLabel: key.toUpperCase(),
    button: { testId: `tool-${name}`, text: label.split(' (')[0] as string },
    run: () => activateTool(name),
    active: () => useActiveTool.getState().name === name,
  });

const toolCommands: ViewerCommand[] = [
  toolCommand(DEFAULT_TOOL, 'Window/level (left drag)', 'w'),
  toolCommand(CROSSHAIRS, 'Crosshairs (MPR: click or drag to move the other planes)', 'x'),
  ...ANNOTATION_TOOLS.map((t) => toolCommand(t.name, t.label, t.key)),
  command({ id: 'annotation.delete', label: 'Delete the selected measurement', group: 'Tools', keys: ['Delete', 'Backspace'], keyLabel: 'Delete', run: deleteSelectedAnnotations }),
  command({ id: 'edit.undo', label: 'Undo the last measurement change', group: 'Tools', keys: ['Ctrl+Z'], keyLabel: 'Ctrl+Z', run: () => undoAnnotationChange('undo') }),
  command({ id: 'edit.redo', label: 'Redo', group: 'Tools', keys: ['Ctrl+Y'], keyLabel: 'Ctrl+Y', run: () => undoAnnotationChange('redo') }),
];

const viewCommands: ViewerCommand[] = [
  command({ id: 'zoom.in', label: 'Zoom in', group: 'View', keys: ['+', '='], keyLabel: '+, right drag', button: { testId: 'tool-zoom-in', text: 'Zoom +' }, run: () => activeController().zoomBy(1.25) }),
  command({ id: 'zoom.out', label: 'Zoom out', group: 'View', keys: ['-'], keyLabel: '−, right drag', button: { testId: 'tool-zoom-out', text: 'Zoom −' }, run: () => activeController().zoomBy(0.8) }),
  command({ id: 'invert', label: 'Invert', group: 'View', keys: ['i', 'I'], keyLabel: 'I', button: { testId: 'tool-invert', text: 'Invert' }, run: () => activeController().toggleInvert(), active: () => viewer().invert }),
  command({ id: 'cine', label: 'Cine on/off', group: 'View', keys: [' '], keyLabel: 'Space', button: { testId: 'tool-cine', text: 'Cine', activeText: 'Stop' }, run: () => activeController().toggleCine(), active: () => viewer().cine }),
  command({ id: 'reset', label: 'Reset view', group: 'View', keys: ['r', 'R'], keyLabel: 'R', button: { testId: 'tool-reset', text: 'Reset' }, run: () => activeController().reset() }),
  // Toolbar and menu only for now: commands.spec.ts presses every command's key on the tilted GE CT and
  // expects an image, which a volume of it (refused) never shows; a key (V) needs that test to skip it.
  command({ id: 'viewer.volume', label: 'Stack / volume view', group: 'View', keys: [], keyLabel: '', button: { testId: 'tool-volume', text: 'Volume' }, run: toggleVolume, active: () => activeController().kind === 'volume' && !(activeController() instanceof MprController),
    // An MPR plane is a volume already; the MPR layout's stack switches like any other.
    enabled: () => seriesOpen() && !(activeController() instanceof MprController) }),
  command({
    id: 'layout.mpr',
    label: 'MPR: axial, sagittal and coronal planes with crosshairs, and the stack',
    group: 'View',
    keys: [],
    keyLabel: '',
    button: { testId: 'layout-mpr', text: 'MPR' },
    run: () => setLayout('mpr'),
    active: () => useLayout.getState().layout === 'mpr',
  }),
  ...GRID_LAYOUTS.map((g) =>
    command({
      id: `layout.${g.name}`,
      label: `Layout ${g.rows} × ${g.columns}`,
      group: 'View',
      keys: [],
      keyLabel: '',
      button: { testId: `layout-${g.name}`, text: `${g.rows}×${g.columns}` },
      run: () => setLayout(g.name),
      active: () => useLayout.getState().layout === g.name,
      enabled: () => true,
    }),
  ),
  command({ id: 'hanging.save', label: 'Open studies of this modality in this layout (hanging protocol)', group: 'View', keys: [], keyLabel: '', button: { testId: 'hanging-save', text: 'Save layout' }, run: () => void saveHangingProtocol() }),
  command({ id: 'compare.prior', label: 'Compare with the prior study (side by side)', group: 'View', keys: [], keyLabel: '', button: { testId: 'compare-prior', text: 'Prior' }, run: () => void comparePrior() }),
  command({ id: 'sync.scroll', label: 'Synchronised scrolling on/off', group: 'View', keys: [], keyLabel: '', button: { testId: 'sync-scroll', text: 'Sync scroll' }, run: () => useSync.setState({ scroll: !useSync.getState().scroll }), active: () => useSync.getState().scroll }),
  command({ id: 'sync.window', label: 'Synchronised window/level on/off', group: 'View', keys: [], keyLabel: '', button: { testId: 'sync-window', text: 'Sync W/L' }, run: () => useSync.setState({ window: !useSync.getState().window }), active: () => useSync.getState().window }),
  command({ id: 'sync.link', label: 'Link the two viewports at the anatomy they show (different Frames of Reference)', group: 'View', keys: [], keyLabel: '', button: { testId: 'link-viewports', text: 'Link' }, run: () => void linkViewports(), enabled: () => seriesOpen() && useLayout.getState().viewportIds.length > 1 }),
  command({ id: 'overlays', label: 'Overlays on/off', group: 'View', keys: ['o', 'O'], keyLabel: 'O', button: { testId: 'tool-overlays', text: 'Overlays' }, run: () => toggleLayoutFlag('showOverlays'), active: () => useLayout.getState().showOverlays }),
  command({ id: 'shortcuts', label: 'Keyboard shortcuts', group: 'Help', keys: ['?'], keyLabel: '?', button: { testId: 'tool-shortcuts', text: '?' }, run: () => toggleLayoutFlag('showShortcuts'), active: () => useLayout.getState().showShortcuts }),
];

export const VIEWER_COMMANDS: readonly ViewerCommand[] = [...imageCommands, ...presetCommands, ...toolCommands, ...viewCommands];

export const COMMAND_GROUPS: ReadonlyArray<ViewerCommand['group']> = ['Images', 'W/L presets', 'Tools', 'View', 'Help'];

export function commandById(id: string): ViewerCommand | undefined {
  return VIEWER_COMMANDS.find((c) => c.id === id);
}

/** The command a key press names, if any. */
export function commandForKey(key: string): ViewerCommand | undefined {
  return VIEWER_COMMANDS.find((c) => c.keys.includes(key));
}
