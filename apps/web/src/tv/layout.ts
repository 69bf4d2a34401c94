/**
 * The TV is laid out in `rem`, and the root font size is `min(1vw, 1.7778vh)`: a 16:9 screen is
 * always 100 x 56.25 rem, whether 1920x1080 or 3840x2160. These are the heights (in rem) the
 * stylesheet uses; `rowsThatFit` decides how many rows show.
 */
export const TV_LAYOUT = {
  header: 7,
  /** Top and bottom padding of the page. */
  padding: 2.5,
  /** A row and the gap under it. */
  row: 4.5,
  /** The strip and the gap above it. */
  strip: 5.8,
};

export interface Fit {
  /** Rows of the board shown in full. */
  visible: number;
  /** The "biggest movers" strip shows under them (more reps than fit). */
  strip: boolean;
}

/** How many of `total` rows fit a viewport of `width` x `height` CSS pixels. */
export function rowsThatFit(width: number, height: number, total: number): Fit {
  const rem = Math.min(width / 100, height / 56.25);
  const free = height / rem - TV_LAYOUT.header - TV_LAYOUT.padding;
  const all = Math.max(1, Math.floor(free / TV_LAYOUT.row));
  if (total <= all) return { visible: total, strip: false };
  return { visible: Math.max(1, Math.floor((free - TV_LAYOUT.strip) / TV_LAYOUT.row)), strip: true };
}
