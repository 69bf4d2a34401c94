import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { createDataSourceOptions } from '../database/data-source.js';

/** The app's own data source (same options, same migrations), connected; migrations run on connect. */
export async function connectCli(): Promise<{ config: AppConfig; dataSource: DataSource }> {
  const config = loadConfig();
  const dataSource = new DataSource(createDataSourceOptions(config));
  await dataSource.initialize();
  return { config, dataSource };
}

export function describeDatabase(config: AppConfig): string {
  return config.databaseUrl === null
    ? `embedded PGlite in ${config.dataDir}/pglite`
    : 'PostgreSQL server (DATABASE_URL)';
}
