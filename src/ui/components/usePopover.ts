// The header's popovers (Model, Workspace) follow the WAI-ARIA disclosure pattern: the trigger says whether its panel
// is open (aria-expanded) and which element it is (aria-controls); Escape closes the panel and puts focus back on the
// trigger; a press outside both, or focus moving elsewhere, closes it; opening one popover closes the others.
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';

/** Announces which popover opened, so the others close (a DOM event: no shared state to keep in a module). */
const OPENED_EVENT = 'convlab:popover-open';

export interface Popover {
  open: boolean;
  setOpen(open: boolean): void;
  /** Spread on the trigger button. */
  triggerProps: { ref: RefObject<HTMLButtonElement | null>; 'aria-expanded': boolean; 'aria-controls': string; onClick(): void };
  /** Spread on the panel (render it only while open). */
  panelProps: { ref: RefObject<HTMLDivElement | null>; id: string };
}

export function usePopover(): Popover {
  const [open, setOpenState] = useState(false);
  const panelId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      if (next) document.dispatchEvent(new CustomEvent<string>(OPENED_EVENT, { detail: panelId }));
    },
    [panelId],
  );

  useEffect(() => {
    const onOtherOpened = (e: Event) => {
      if ((e as CustomEvent<string>).detail !== panelId) setOpenState(false);
    };
    document.addEventListener(OPENED_EVENT, onOtherOpened);
    return () => document.removeEventListener(OPENED_EVENT, onOtherOpened);
  }, [panelId]);

  useEffect(() => {
    if (!open) return;
    const inside = (node: EventTarget | null) => node instanceof Node && (!!triggerRef.current?.contains(node) || !!panelRef.current?.contains(node));
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      setOpenState(false);
      // Focus goes back to the trigger unless the user had already moved it somewhere else on purpose.
      const active = document.activeElement;
      if (!active || active === document.body || inside(active)) triggerRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!inside(e.target)) setOpenState(false);
    };
    // Tabbing out of the panel closes it, so it never covers the content being worked on. relatedTarget is null
    // when the window itself loses focus (a file picker opened from the panel): that keeps it open.
    const onFocusOut = (e: FocusEvent) => {
      if (inside(e.target) && e.relatedTarget && !inside(e.relatedTarget)) setOpenState(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [open]);

  return {
    open,
    setOpen,
    triggerProps: { ref: triggerRef, 'aria-expanded': open, 'aria-controls': panelId, onClick: () => setOpen(!open) },
    panelProps: { ref: panelRef, id: panelId },
  };
}
