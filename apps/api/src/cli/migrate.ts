import { connectCli, describeDatabase } from './cli-data-source.js';

/** `npm run migration:run`: applies pending migrations (connecting runs them) and lists what ran. */
const { config, dataSource } = await connectCli();
const rows = await dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
console.log(`Database: ${describeDatabase(config)}`);
console.log(`Migrations applied (${rows.length}):`);
for (const row of rows) console.log(`  ${row.name}`);
await dataSource.destroy();
