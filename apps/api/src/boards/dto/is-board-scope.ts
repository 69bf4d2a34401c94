import { parseScope } from '@leaderboard/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A board scope key: `all`, `team:<uuid>`, `tenure:<band>`, `improved` or `competition:<uuid>` (see `scopeKey`). */
export function IsBoardScope(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBoardScope',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be all, team:<id>, tenure:0-3m|3-12m|1-2y|2y-plus, improved or competition:<id>`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseScope(value) !== null },
    });
}
