/**
 * The TV's credential: a display token, given once in the URL (`/tv?token=...`) and remembered on
 * the device, so a reload or a power cut brings the board back without anyone typing anything.
 */
const STORAGE_KEY = 'leaderboard.displayToken';

export function readDisplayToken(
  search: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): string | null {
  const fromUrl = new URLSearchParams(search).get('token')?.trim();
  if (fromUrl) {
    try {
      storage?.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be full or disabled; the URL still works.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
