// The Inside view (being built; see the issue list).
export function InsideView() {
  return <main className="content" data-testid="inside-view" />;
}
