/** Initials in a coloured circle; names come in any script (Кириллица, 中文, Ελληνικά). */
import { memo, useEffect, useState } from 'react';

let graphemes: Intl.Segmenter | null | undefined;

function firstGrapheme(word: string): string {
  // One segmenter for the page: making one per call costs more than the whole row.
  graphemes ??=
    typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (graphemes) {
    for (const { segment } of graphemes.segment(word)) return segment;
    return '';
  }
  return Array.from(word)[0] ?? '';
}

/** `Анна Петрова` -> `АП`, `madonna` -> `M`, `José María López` -> `JL`. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  const picked = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
  return picked.map((word) => firstGrapheme(word).toLocaleUpperCase()).join('');
}

/** A stable hue per rep, so a face keeps its colour as it moves. */
export function hueOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % 360;
}

/** How long a photo that failed to load waits before the screen tries it again (a TV runs for weeks). */
export const PHOTO_RETRY_MS = 5 * 60_000;

/**
 * The rep's photo in a circle over their initials: the initials show while the photo loads and
 * whenever it fails (a broken link, no Wi-Fi); a failed photo is tried again after `PHOTO_RETRY_MS`.
 */
export const Avatar = memo(function Avatar({
  repId,
  name,
  photoUrl,
}: {
  repId: string;
  name: string;
  photoUrl?: string | null;
}) {
  return (
    <span className="avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hueOf(repId)} 55% 38%)` }}>
      {initialsOf(name)}
      {/* Keyed by URL: a new photo starts over from the initials. */}
      {photoUrl ? <Photo key={photoUrl} url={photoUrl} /> : null}
    </span>
  );
});

function Photo({ url }: { url: string }) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (state !== 'failed') return;
    const retry = setTimeout(() => {
      setAttempt((n) => n + 1);
      setState('loading');
    }, PHOTO_RETRY_MS);
    return () => clearTimeout(retry);
  }, [state]);
  if (state === 'failed') return null;
  return (
    <img
      // A new element per attempt: the browser loads it afresh.
      key={attempt}
      className={state === 'loaded' ? 'avatar-photo avatar-photo-loaded' : 'avatar-photo'}
      src={url}
      alt=""
      decoding="async"
      draggable={false}
      referrerPolicy="no-referrer"
      onLoad={() => setState('loaded')}
      onError={() => setState('failed')}
    />
  );
}
