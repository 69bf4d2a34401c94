import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The largest value of PostgreSQL's `bigint` (2^63 - 1). */
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;

/**
 * A decimal string of a positive PostgreSQL `bigint` (1 .. 2^63 - 1), e.g. an id from a query
 * string: a larger one would fail in the database (`22003 out of range`) instead of answering 400.
 */
export function IsBigIntString(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBigIntString',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a whole number from 1 to ${PG_BIGINT_MAX}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^[0-9]{1,19}$/.test(value) &&
          BigInt(value) >= 1n &&
          BigInt(value) <= PG_BIGINT_MAX,
      },
    });
}
