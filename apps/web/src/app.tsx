import { useEffect, useState } from 'react';
import type { BoardResponse } from '@leaderboard/contracts';
import { fetchBoard } from './board-client.js';

const POLL_MS = 5000;

/**
 * Placeholder until the web issue: shows the month board, read with the `token` query parameter
 * (a display token), refreshed every few seconds; keeps the last board when a refresh fails.
 */
export function App() {
  const token = new URLSearchParams(window.location.search).get('token');
  const [board, setBoard] = useState<BoardResponse | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    const load = () => {
      fetchBoard(token, 'month').then(
        (next) => {
          if (!stopped) {
            setBoard(next);
            setFailed(false);
          }
        },
        () => {
          if (!stopped) setFailed(true);
        },
      );
    };
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [token]);

  if (!token) {
    return (
      <main style={{ fontFamily: 'system-ui', padding: 32 }}>
        <h1>Sales leaderboard</h1>
        <p>
          API: <a href="/api/docs">/api/docs</a>. Open this page with{' '}
          <code>?token=&lt;display token&gt;</code> to see the month board.
        </p>
      </main>
    );
  }
  return (
    <main style={{ fontFamily: 'system-ui', padding: 32 }}>
      <h1>Month board {failed ? <small style={{ color: '#b45309' }}>(reconnecting…)</small> : null}</h1>
      {board ? (
        <table>
          <tbody>
            {board.rows.map((row) => (
              <tr key={row.repId}>
                <td>{row.rank}</td>
                <td>{row.name}</td>
                <td style={{ textAlign: 'right' }}>{row.points.toLocaleString()}</td>
                <td>{row.tier ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Loading…</p>
      )}
      {board ? <p>as of {new Date(board.asOf).toLocaleTimeString()}</p> : null}
    </main>
  );
}
