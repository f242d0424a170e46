// Placeholder until measurement tools land: lengths, areas and ROIs drawn on images, with their values.
export function MeasurementsPanel() {
  return (
    <div className="panel-body">
      <p className="empty-state" data-testid="panel-empty">
        No measurements yet. Measurements you make on images appear here, with their values and the image they are on.
      </p>
    </div>
  );
}
