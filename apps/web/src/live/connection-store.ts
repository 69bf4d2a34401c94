/** The socket, as a screen shows it: up, coming back, or refused (a revoked or wrong token). */
import { create } from 'zustand';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the socket was last connected (now, while it is), ISO-8601; null before the first time. */
  lastConnectedAt: string | null;
  /** Why the server refused the handshake, while it does. */
  error: string | null;
  connecting: () => void;
  connected: (at?: Date) => void;
  disconnected: (at?: Date) => void;
  refused: (message: string) => void;
  reset: () => void;
}

const initial = { status: 'idle' as ConnectionStatus, lastConnectedAt: null, error: null };

export const useConnectionStore = create<ConnectionState>()((set) => ({
  ...initial,
  connecting: () => set((state) => (state.status === 'idle' ? { status: 'connecting' } : {})),
  connected: (at = new Date()) =>
    set({ status: 'connected', lastConnectedAt: at.toISOString(), error: null }),
  disconnected: (at = new Date()) =>
    set((state) => ({
      status: state.lastConnectedAt === null ? 'connecting' : 'reconnecting',
      lastConnectedAt: state.status === 'connected' ? at.toISOString() : state.lastConnectedAt,
    })),
  refused: (message) => set({ status: 'refused', error: message }),
  reset: () => set(initial),
}));
