import { useEffect, useRef, useState, type RefObject } from 'react';

/** Extra pixels rendered above and below the viewport, so fast scrolling and Tab find rows ready. */
const OVERSCAN_PX = 1200;

export interface ListWindow {
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Space before `start` and after `end`, in px. */
  before: number;
  after: number;
}

/**
 * Which items of a long list of fixed-height items are near the viewport.
 * `offsets` has one more element than the items: offsets[i] is where item i starts.
 */
export function useWindow(scroller: RefObject<HTMLElement | null>, offsets: readonly number[]): ListWindow {
  const [view, setView] = useState({ top: 0, height: 1000 });
  const frame = useRef<number | null>(null);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => {
      frame.current = null;
      setView({ top: el.scrollTop, height: el.clientHeight || 1000 });
    };
    const onScroll = (): void => {
      frame.current ??= requestAnimationFrame(measure);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [scroller]);

  const count = offsets.length - 1;
  const total = offsets[count] ?? 0;
  const from = view.top - OVERSCAN_PX;
  const to = view.top + view.height + OVERSCAN_PX;
  let start = 0;
  while (start < count && (offsets[start + 1] ?? 0) < from) start++;
  let end = start;
  while (end < count && (offsets[end] ?? 0) < to) end++;
  return { start, end, before: offsets[start] ?? 0, after: total - (offsets[end] ?? total) };
}
