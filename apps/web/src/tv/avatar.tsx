/** Initials in a coloured circle; names come in any script (Кириллица, 中文, Ελληνικά). */
import { memo } from 'react';

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

export const Avatar = memo(function Avatar({ repId, name }: { repId: string; name: string }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hueOf(repId)} 55% 38%)` }}>
      {initialsOf(name)}
    </span>
  );
});
