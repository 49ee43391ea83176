// The Train view (being built; see the issue list).
export function TrainView() {
  return <main className="content" data-testid="train-view" />;
}
