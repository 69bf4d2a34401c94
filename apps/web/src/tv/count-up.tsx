import { memo, useLayoutEffect, useRef } from 'react';

const DURATION_MS = 1200;

/**
 * A number that counts from its previous value to the new one (ease-out), or jumps when the viewer
 * prefers reduced motion. The frames write the text straight into the element: React renders the
 * span once, not sixty times a second for every row that scored.
 */
export const CountUp = memo(function CountUp({
  value,
  format,
  reducedMotion,
  className,
}: {
  value: number;
  /** Keep it stable (a module function or `useCallback`): a new one writes the text again. */
  format: (value: number) => string;
  reducedMotion: boolean;
  className?: string;
}) {
  const element = useRef<HTMLSpanElement>(null);
  /** The number on screen, also halfway through a count. */
  const shown = useRef(value);
  // Before paint: the new value never flashes before the count starts from the old one.
  useLayoutEffect(() => {
    const span = element.current;
    if (!span) return;
    const from = shown.current;
    // One text node, its data replaced: no new node (and layout object) on every frame.
    const text = span.firstChild instanceof Text ? span.firstChild : span.appendChild(new Text());
    const write = (next: number) => {
      shown.current = next;
      text.data = format(next);
    };
    if (reducedMotion || from === value || typeof requestAnimationFrame !== 'function') {
      write(value);
      return;
    }
    write(from);
    let frame = 0;
    let start: number | null = null;
    let last = from;
    const step = (time: number) => {
      start ??= time;
      const progress = Math.min(1, (time - start) / DURATION_MS);
      const next = Math.round(from + (value - from) * (1 - (1 - progress) ** 3));
      if (next !== last) write(next);
      last = next;
      if (progress < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [value, reducedMotion, format]);
  return <span ref={element} className={className} />;
});
