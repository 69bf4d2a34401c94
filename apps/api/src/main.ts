import { loadConfig } from './config/app-config.js';
import { startServer } from './app.factory.js';

await startServer(loadConfig());
