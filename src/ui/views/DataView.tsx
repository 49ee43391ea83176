// The Data view (being built; see the issue list).
export function DataView() {
  return <main className="content" data-testid="data-view" />;
}
