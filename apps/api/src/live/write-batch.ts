/** The TCP socket under a WebSocket, as far as a direct write needs it. */
interface TcpSocket {
  cork(): void;
  uncork(): void;
  write(frame: Buffer): boolean;
  readonly destroyed?: boolean;
  readonly writable?: boolean;
}

/**
 * What batching needs of an Engine.IO 6 socket: `flush()` hands its write buffer to the transport
 * when the transport can take it (and does nothing otherwise); over WebSocket the transport's
 * `socket` is a `ws` WebSocket whose `_socket` is the TCP socket and `_sender` its frame writer.
 */
export interface BatchedConnection {
  flush(): void;
  readonly writeBuffer: readonly unknown[];
  readonly transport?: {
    readonly name?: string;
    socket?: {
      readonly readyState?: number;
      readonly _sender?: { readonly _queue?: readonly unknown[] };
      _socket?: TcpSocket;
    };
  };
}

/** Options of Engine.IO's `write`: Socket.IO's broadcast passes the message's frame pre-encoded. */
interface WriteOptions {
  wsPreEncodedFrame?: readonly Buffer[];
}

/** An Engine.IO socket that can also be sent a message (`write`, Engine.IO's public API). */
export interface FramedConnection extends BatchedConnection {
  readonly readyState?: string;
  readonly upgrading?: boolean;
  write(data: string, options?: WriteOptions, callback?: () => void): unknown;
}

/** A message encoded once for every socket: the Engine.IO packet's data and its WebSocket frame. */
export interface EncodedMessage {
  /** The Socket.IO packet as text (Engine.IO adds its type when it encodes it itself). */
  packet: string;
  /** The Engine.IO message (`4` + packet) as one WebSocket text frame. */
  frame: Buffer;
}

/** WebSocket OPEN (ws readyState). */
const WS_OPEN = 1;

/**
 * The TCP socket a message can be written to directly, in order: a WebSocket transport that is
 * open, with nothing queued before it (Engine.IO's write buffer and ws's own queue empty: what is
 * already handed to the TCP socket stays ahead). Null otherwise (polling, an upgrade, a frame
 * waiting for the transport), and then Engine.IO sends it.
 */
function directSocket(connection: FramedConnection): TcpSocket | null {
  if (connection.readyState !== 'open' || connection.upgrading || connection.writeBuffer.length > 0)
    return null;
  const transport = connection.transport;
  const ws = transport?.name === 'websocket' ? transport.socket : undefined;
  if (ws?.readyState !== WS_OPEN || ws._sender?._queue?.length !== 0) return null;
  const tcp = ws._socket;
  return tcp && !tcp.destroyed && tcp.writable !== false ? tcp : null;
}

/**
 * Sends what a burst of emits queues on each socket in one write. A flush's delta and the
 * celebration after it went out as two writes per socket, 2,000 for 1,000 screens: each write is a
 * system call (most of the broadcast's time: docs/benchmarks.md, "Live push"), and requests wait
 * while they happen.
 * Inside `hold`, a socket's frames stay in its Engine.IO write buffer (or, written directly by
 * `send`, in its corked TCP socket); at the end each socket sends them at once. Order per socket
 * cannot change (a direct write happens only when nothing is queued before it); outside `hold`
 * every write leaves as before.
 */
export class WriteBatch {
  private holding = false;
  /** Sockets that queued something while held, in that order, with their own flush. */
  private readonly due = new Map<BatchedConnection, () => void>();
  /** TCP sockets corked by direct writes during the hold. */
  private readonly corked: TcpSocket[] = [];
  private readonly corkedSet = new Set<TcpSocket>();

  /**
   * From now on `connection`'s writes wait for the end of a `hold` that is running, and a message
   * whose frame is pre-encoded (this process's broadcasts, and Socket.IO's own: what reaches a
   * follower through Redis) is written straight to the TCP socket when nothing waits before it
   * there: no packet object, event, flush or callback per socket (Engine.IO's and the ws sender's
   * bookkeeping cost about as much JavaScript as the write). Otherwise Engine.IO sends it.
   */
  adopt(connection: FramedConnection): void {
    const send = connection.flush.bind(connection);
    connection.flush = () => {
      if (!this.holding) return send();
      if (connection.writeBuffer.length > 0) this.due.set(connection, send);
    };
    const write = connection.write.bind(connection);
    connection.write = (data, options, callback) => {
      const frame = options?.wsPreEncodedFrame;
      if (frame === undefined || callback !== undefined || !this.writeDirect(connection, frame))
        return write(data, options, callback);
      return connection;
    };
  }

  /** Sends a message encoded once (see EncodedMessage) to one socket. */
  send(connection: FramedConnection, message: EncodedMessage): void {
    connection.write(message.packet, { wsPreEncodedFrame: [message.frame] });
  }

  /** Writes `frame` to the connection's TCP socket if it may go there now (see directSocket). */
  private writeDirect(connection: FramedConnection, frame: readonly Buffer[]): boolean {
    const tcp = directSocket(connection);
    if (!tcp) return false;
    if (this.holding) {
      // It leaves at the end of the hold, with the socket's other frames.
      if (!this.corkedSet.has(tcp)) {
        tcp.cork();
        this.corkedSet.add(tcp);
        this.corked.push(tcp);
      }
      for (const part of frame) tcp.write(part);
    } else if (frame.length === 1) {
      tcp.write(frame[0]);
    } else {
      // Header and payload in one write, as the ws sender does.
      tcp.cork();
      try {
        for (const part of frame) tcp.write(part);
      } finally {
        tcp.uncork();
      }
    }
    return true;
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
    // Frames written directly leave now, with whatever Engine.IO added after them.
    for (const tcp of this.corked) {
      try {
        tcp.uncork();
      } catch (error) {
        failure ??= { error };
      }
    }
    this.corked.length = 0;
    this.corkedSet.clear();
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
