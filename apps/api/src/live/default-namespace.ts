import { LIVE_NAMESPACE } from '@leaderboard/contracts';

/** What this needs of a Socket.IO server (Nest's adapter carries its own copy of the types). */
interface NamespaceServer {
  of(name: string): { use(middleware: (socket: unknown, next: (error?: Error) => void) => void): unknown };
}

/**
 * Socket.IO always serves the default namespace `/`, and serves it without the handshake
 * authentication `/live` does: a client could hold an idle connection there with no token. Refuse
 * every connection to it (other unknown namespaces are refused by Socket.IO itself).
 */
export function refuseDefaultNamespace(server: NamespaceServer): void {
  server.of('/').use((_socket, next) => next(new Error(`Only the ${LIVE_NAMESPACE} namespace is served`)));
}
