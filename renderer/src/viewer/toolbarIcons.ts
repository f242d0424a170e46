// The toolbar's icons (lucide), by command id: a button with an icon shows it instead of its text
// (the text stays for screen readers; the tooltip names the command and its keys). Commands without
// an icon here (W/L presets, layouts) keep short text.
import {
  ArrowUpRight, Box, Circle, Contrast, Crosshair, History, Info, Keyboard, Lasso, Link, LocateFixed, Move, Play, RotateCcw, Ruler,
  Save, Spline, Square, Star, SunMoon, TriangleRight, ZoomIn, ZoomOut, MoveVertical, SlidersHorizontal, type LucideIcon,
} from 'lucide-react';

export const TOOLBAR_ICONS: Readonly<Record<string, LucideIcon>> = {
  'tool.WindowLevel': SunMoon,
  'tool.Crosshairs': Crosshair,
  'tool.Length': Ruler,
  'tool.Angle': TriangleRight,
  'tool.CobbAngle': Spline,
  'tool.Bidirectional': Move,
  'tool.EllipticalROI': Circle,
  'tool.RectangleROI': Square,
  'tool.PlanarFreehandROI': Lasso,
  'tool.Probe': LocateFixed,
  'tool.ArrowAnnotate': ArrowUpRight,
  'keyImage.toggle': Star,
  'zoom.in': ZoomIn,
  'zoom.out': ZoomOut,
  invert: Contrast,
  cine: Play,
  reset: RotateCcw,
  'viewer.volume': Box,
  'hanging.save': Save,
  'compare.prior': History,
  'sync.scroll': MoveVertical,
  'sync.window': SlidersHorizontal,
  'sync.link': Link,
  overlays: Info,
  shortcuts: Keyboard,
};
