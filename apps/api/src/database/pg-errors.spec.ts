import { QueryFailedError } from 'typeorm';
import {
  isEventConflict,
  isSerializationFailure,
  isUniqueViolation,
  sqlStateOf,
  SqlState,
} from './pg-errors.js';

/** What `pg` and PGlite throw: an Error with the SQLSTATE and the other fields of the server's notice. */
function pgError(message: string, code: string): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', code });
}

/** What TypeORM (and `preparedQuery`) throw around it. */
function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('INSERT INTO t VALUES ($1)', [1], driverError);
}

describe('sqlStateOf', () => {
  it('reads the code of a pg or PGlite error', () => {
    expect(sqlStateOf(pgError('duplicate key value violates unique constraint "t_pkey"', '23505'))).toBe(
      '23505',
    );
  });

  it('reads the code of the driver error a QueryFailedError wraps', () => {
    expect(sqlStateOf(queryFailed(pgError('could not serialize access', '40001')))).toBe('40001');
  });

  it('reads driverError when the wrapper has no code of its own', () => {
    const wrapper = Object.assign(new Error('query failed'), {
      driverError: pgError('deadlock detected', '40P01'),
    });
    expect(sqlStateOf(wrapper)).toBe('40P01');
  });

  it('is null for errors that are not PostgreSQL’s and for non-errors', () => {
    for (const error of [
      new Error('boom'),
      new TypeError('x is not a function'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      queryFailed(new Error('Connection terminated unexpectedly')),
      { code: 23505 },
      '23505',
      null,
      undefined,
    ]) {
      expect(sqlStateOf(error)).toBeNull();
    }
  });
});

describe('predicates', () => {
  it('isUniqueViolation: 23505, bare or wrapped, and nothing else', () => {
    const duplicate = pgError('duplicate key value violates unique constraint', SqlState.uniqueViolation);
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isUniqueViolation(queryFailed(duplicate))).toBe(true);
    expect(isUniqueViolation(queryFailed(pgError('null value in column', '23502')))).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key'))).toBe(false);
  });

  it('isSerializationFailure: 40001 and deadlock 40P01, the states worth a retry', () => {
    expect(isSerializationFailure(queryFailed(pgError('could not serialize access', '40001')))).toBe(true);
    expect(isSerializationFailure(queryFailed(pgError('deadlock detected', '40P01')))).toBe(true);
    expect(isSerializationFailure(pgError('deadlock detected', '40P01'))).toBe(true);
    expect(isSerializationFailure(queryFailed(pgError('transaction rollback', '40000')))).toBe(false);
    expect(isSerializationFailure(queryFailed(pgError('duplicate key', '23505')))).toBe(false);
    expect(isSerializationFailure(new Error('deadlock detected'))).toBe(false);
  });

  it('isEventConflict: the LB409 raised by event_conflict(), nothing else', () => {
    const conflict = pgError('event (crm, 42) exists with different content', 'LB409');
    expect(isEventConflict(queryFailed(conflict))).toBe(true);
    expect(isEventConflict(conflict)).toBe(true);
    expect(isEventConflict(queryFailed(pgError('duplicate key', '23505')))).toBe(false);
    expect(isEventConflict(new Error('event (crm, 42) exists with different content'))).toBe(false);
  });
});
