import { Injectable } from '@nestjs/common';
import type { BoardRef } from '@leaderboard/contracts';
import type { FlushAudience, FlushReport } from '../scoring/flush-report.js';
import { LiveCelebrations } from './live-celebrations.js';
import { roomOfRef } from './live-rooms.js';
import { LiveServer } from './live-server.js';

/**
 * The delta fan-out: a flush's messages (built by the writer, see FlushReport) go to their boards'
 * rooms, one write per socket together with the celebrations due. It tells the writer which boards
 * have screens, so rows are built only for those.
 */
@Injectable()
export class LiveDeltas implements FlushAudience {
  constructor(
    private readonly live: LiveServer,
    private readonly celebrations: LiveCelebrations,
  ) {}

  watches(ref: BoardRef): boolean {
    return !this.live.unwatched(roomOfRef(ref));
  }

  /**
   * One delta per changed board of a current period instance: every row that differs from what
   * its screens hold (see BoardViews); a snapshot when deltas cannot say it or when what the
   * screens hold is not known.
   */
  publish(report: FlushReport): void {
    if (!this.live.io) return;
    const views = this.live.views;
    this.live.writes.hold(() => {
      for (const { ref, key, message } of report.boards) {
        const room = roomOfRef(ref);
        if (message === null) {
          views.stale(room, key);
          continue;
        }
        const delta = message.kind === 'board' ? views.advance(room, message.board) : null;
        if (delta) {
          this.live.broadcast(room, 'board:delta', delta);
        } else {
          const snapshot = message.kind === 'board' ? message.board : message.snapshot;
          views.sent(room, snapshot);
          this.live.broadcast(room, 'board:snapshot', snapshot);
        }
      }
      this.celebrations.sendOutbox();
    });
  }
}
