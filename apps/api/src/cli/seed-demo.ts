import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { DemoService } from '../demo/demo.service.js';

/**
 * `npm run seed:demo`: seeds the demo organisation (2 teams, 12 reps, ~10 days of events) into the
 * configured database through the app's own services, without starting the simulator.
 */
const config = { ...loadConfig(), demo: false };
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
  logger: ['error', 'warn', 'log'],
});
const seeded = await app.get(DemoService).seed();
console.log(seeded ? 'Demo organisation seeded.' : 'The database already has reps; nothing seeded.');
await app.close();
