import { useEffect, useRef, useState } from 'react';

const DURATION_MS = 1200;

/**
 * A number that counts from its previous value to the new one (ease-out), or jumps when the viewer
 * prefers reduced motion.
 */
export function CountUp({
  value,
  format,
  reducedMotion,
  className,
}: {
  value: number;
  format: (value: number) => string;
  reducedMotion: boolean;
  className?: string;
}) {
  const [shown, setShown] = useState(value);
  const shownRef = useRef(value);
  useEffect(() => {
    const from = shownRef.current;
    if (reducedMotion || from === value || typeof requestAnimationFrame !== 'function') {
      shownRef.current = value;
      setShown(value);
      return;
    }
    let frame = 0;
    let start: number | null = null;
    const step = (time: number) => {
      start ??= time;
      const progress = Math.min(1, (time - start) / DURATION_MS);
      const next = Math.round(from + (value - from) * (1 - (1 - progress) ** 3));
      shownRef.current = next;
      setShown(next);
      if (progress < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [value, reducedMotion]);
  return <span className={className}>{format(shown)}</span>;
}
