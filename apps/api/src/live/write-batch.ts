/**
 * What batching needs of an Engine.IO 6 socket: `flush()` hands its write buffer to the transport
 * when the transport can take it (and does nothing otherwise); over WebSocket the transport's
 * `socket` is a `ws` WebSocket whose `_socket` is the TCP socket.
 */
export interface BatchedConnection {
  flush(): void;
  readonly writeBuffer: readonly unknown[];
  readonly transport?: { socket?: { _socket?: { cork(): void; uncork(): void } } };
}

/**
 * Sends what a burst of emits queues on each socket in one write. A flush's delta and the
 * celebration after it went out as two writes per socket, 2,000 for 1,000 screens: each write is a
 * system call (most of the broadcast's time: docs/benchmarks.md, "Live push"), and requests wait
 * while they happen.
 * Inside `hold`, a socket's frames stay in its Engine.IO write buffer; at the end each socket
 * sends them at once, the TCP socket corked around its frames. Order per socket cannot change (one
 * write buffer each); outside `hold` every write leaves as before.
 */
export class WriteBatch {
  private holding = false;
  /** Sockets that queued something while held, in that order, with their own flush. */
  private readonly due = new Map<BatchedConnection, () => void>();

  /** From now on `connection`'s writes wait for the end of a `hold` that is running. */
  adopt(connection: BatchedConnection): void {
    const send = connection.flush.bind(connection);
    connection.flush = () => {
      if (!this.holding) return send();
      if (connection.writeBuffer.length > 0) this.due.set(connection, send);
    };
  }

  /**
   * Runs `emit`, then sends every socket what it queued, one write each (also when `emit` threw
   * halfway: what it queued must not wait for the next message). The first error is rethrown.
   */
  hold(emit: () => void): void {
    if (this.holding) return emit();
    this.holding = true;
    let failure: { error: unknown } | null = null;
    try {
      emit();
    } catch (error) {
      failure = { error };
    }
    this.holding = false;
    for (const [connection, send] of this.due) {
      try {
        sendAtOnce(connection, send);
      } catch (error) {
        failure ??= { error };
      }
    }
    this.due.clear();
    if (failure) throw failure.error;
  }
}

/** Flushes a socket; several frames go out in one write (the TCP socket corked around them). */
function sendAtOnce(connection: BatchedConnection, send: () => void): void {
  const tcp = connection.writeBuffer.length > 1 ? connection.transport?.socket?._socket : undefined;
  if (!tcp) return send();
  tcp.cork();
  try {
    send();
  } finally {
    tcp.uncork();
  }
}
