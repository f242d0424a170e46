// Placeholder until local inference lands: the results of AI models run on this case, on this machine.
export function AiPanel() {
  return (
    <div className="panel-body">
      <p className="empty-state" data-testid="panel-empty">
        No AI results yet. Models you run on this case's images appear here; they run on this machine and nothing leaves it.
      </p>
    </div>
  );
}
