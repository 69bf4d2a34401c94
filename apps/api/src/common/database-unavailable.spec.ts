import { isDatabaseUnavailable } from './database-unavailable.js';

/** An error shaped like the ones `pg` and TypeORM throw. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', pgError('read ECONNRESET', 'ECONNRESET')],
    ['terminated', pgError('Connection terminated unexpectedly')],
    ['pool timeout', pgError('timeout exceeded when trying to connect')],
    ['admin shutdown', pgError('terminating connection due to administrator command', '57P01')],
    ['starting up', pgError('the database system is starting up', '57P03')],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    ['connection failure', pgError('connection failure', '08006')],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks inside TypeORM’s wrapper, a cause and an AggregateError (localhost: ::1 and 127.0.0.1)', () => {
    const refused = pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED');
    expect(isDatabaseUnavailable(Object.assign(new Error('query failed'), { driverError: refused }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused, refused], ''))).toBe(true);
  });

  it('is false for errors of the statement or the data, and for anything else', () => {
    for (const error of [
      pgError('duplicate key value violates unique constraint', '23505'),
      pgError('value out of range for type bigint', '22003'),
      pgError('syntax error', '42601'),
      new RangeError('Maximum call stack size exceeded'),
      'Connection terminated',
      null,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
