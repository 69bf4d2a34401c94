import type { ArgumentsHost } from '@nestjs/common';
import type { BoardSubscribeAck } from '@leaderboard/contracts';
import { DomainError } from '../common/domain-error.js';
import { LiveExceptionFilter } from './live-exception.filter.js';

/** What the filter answers a `board:subscribe` acknowledgement with for `exception`. */
function answerTo(exception: unknown): BoardSubscribeAck | undefined {
  let answer: BoardSubscribeAck | undefined;
  const host = { getArgs: () => [{}, { period: 'month' }, (a: BoardSubscribeAck) => (answer = a)] };
  new LiveExceptionFilter().catch(exception, host as unknown as ArgumentsHost);
  return answer;
}

describe('LiveExceptionFilter', () => {
  it('answers a domain error with its code and details', () => {
    const answer = answerTo(new DomainError('VALIDATION_FAILED', 'bad', [{ path: 'period', message: 'no' }]));
    expect(answer).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'period', message: 'no' }] },
    });
  });

  it('answers an unreachable database with UNAVAILABLE, not INTERNAL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answerTo(refused)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('answers anything else with INTERNAL and no detail of it', () => {
    expect(answerTo(new TypeError('x is undefined'))).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong', details: [] },
    });
  });
});
