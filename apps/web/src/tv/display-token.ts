/**
 * The TV's credential: a display token, given once in the URL (`/tv?token=...`) and remembered on
 * the device, so a reload or a power cut brings the board back without anyone typing anything.
 */
const STORAGE_KEY = 'leaderboard.displayToken';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readDisplayToken(search: string, storage: TokenStorage | null): string | null {
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

function remembered(storage: TokenStorage | null, token: string): boolean {
  try {
    return storage?.getItem(STORAGE_KEY) === token;
  } catch {
    return false;
  }
}

/**
 * Reads the display token (URL, else the remembered one) and, once the device remembers it, takes
 * it out of the address bar with `history.replaceState` (the other parameters stay): it is then in
 * no history entry, bookmark, screenshot of the address bar or `Referer` (the API also sends
 * `Referrer-Policy: no-referrer`). Where the browser cannot store it, it stays in the URL, so a
 * reload still finds it. Idempotent: a second call finds it remembered.
 */
export function takeDisplayToken(
  win: Pick<Window, 'location' | 'history'>,
  storage: TokenStorage | null,
): string | null {
  const token = readDisplayToken(win.location.search, storage);
  const params = new URLSearchParams(win.location.search);
  if (token === null || !params.has('token') || !remembered(storage, token)) return token;
  params.delete('token');
  const search = params.toString();
  win.history.replaceState(
    win.history.state,
    '',
    `${win.location.pathname}${search ? `?${search}` : ''}${win.location.hash}`,
  );
  return token;
}

export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
