// Whether a sticky element is stuck: a zero-height sentinel placed just before it leaves the viewport above `top`
// (the sticky offset) exactly when the element starts to stick. The sentinel sits above the element, so the element
// changing its height when stuck does not move the sentinel (no flicker at the threshold).
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useStuck(top: number): [RefObject<HTMLDivElement | null>, boolean] {
  const sentinel = useRef<HTMLDivElement>(null);
  const [stuck, setStuck] = useState(false);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => entry && setStuck(!entry.isIntersecting && entry.boundingClientRect.top < top), {
      rootMargin: `-${top}px 0px 0px 0px`,
      threshold: 0,
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [top]);
  return [sentinel, stuck];
}
