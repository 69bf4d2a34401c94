import { QueryFailedError } from 'typeorm';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TEST_SETTINGS } from '../test-support/test-settings.js';
import { preparedQuery } from './prepared-query.js';

describe('preparedQuery', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  const square = { name: 'prepared_query_spec_square', text: 'SELECT ($1::int * $1::int) AS n' };

  it('answers with the rows, and a failure as QueryFailedError with the driver error', async () => {
    expect(await preparedQuery(t.dataSource, square, [7])).toEqual([{ n: 49 }]);
    expect(await preparedQuery(t.dataSource, square, [-3])).toEqual([{ n: 9 }]);
    const failing = { name: 'prepared_query_spec_fail', text: 'SELECT 1 / $1::int AS n' };
    const error = await preparedQuery(t.dataSource, failing, [0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012');
  });

  // PGlite has no statement cache to show; on the server the session keeps the plan.
  (TEST_SETTINGS.useServer ? it : it.skip)('is parsed once per connection on the server', async () => {
    await preparedQuery(t.dataSource, square, [2]);
    // The pool hands out the connection released last: the one that just ran it.
    const rows = await t.dataSource.query<Array<{ statement: string }>>(
      'SELECT statement FROM pg_prepared_statements WHERE name = $1',
      [square.name],
    );
    expect(rows.map((r) => r.statement)).toEqual([square.text]);
  });
});
