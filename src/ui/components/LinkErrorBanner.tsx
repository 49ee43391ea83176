import { useAppStore } from '../../store/index.ts';

export function LinkErrorBanner() {
  const linkError = useAppStore((s) => s.linkError);
  const dismiss = useAppStore((s) => s.dismissLinkError);
  if (!linkError) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="link-error">
      <span>{linkError}</span>
      <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
