import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import { rejectBadStrings, verifyJsonBody } from './common/request-guard.js';
import type { AppConfig } from './config/app-config.js';
import { securityHeaders } from './common/security-headers.js';
import { hookBody } from './connectors/hook-body.middleware.js';
import type { DataSourceFactoryOptions } from './database/data-source.js';
import { LiveIoAdapter } from './live/live-io.adapter.js';

export const JSON_BODY_LIMIT = '5mb';
const SPA_ROUTES = /^\/(tv|me|admin)(\/.*)?$/;
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  database?: DataSourceFactoryOptions;
  /** Nest's logger; defaults to the configured level. */
  logger?: LogLevel[] | false;
}

/** Builds the configured application (not yet listening): used by main.ts, the CLIs and tests. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const logger = options.logger ?? LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.database), {
    bodyParser: false,
    logger,
  });
  app.disable('x-powered-by');
  // `req.ip` (login throttling) comes from X-Forwarded-For only through trusted proxies.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // Webhooks keep their raw bytes (signatures, the inbox): read before the JSON parser.
  app.use('/api/hooks', hookBody);
  // Nest's useBodyParser leaves out `verify`: the depth of a body is checked on its raw bytes.
  app.use(json({ limit: JSON_BODY_LIMIT, verify: verifyJsonBody }), rejectBadStrings);
  const live = new LiveIoAdapter(app, config);
  await live.connectRedis();
  app.useWebSocketAdapter(live);
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  if (config.webDir !== null && existsSync(join(config.webDir, 'index.html'))) {
    const index = join(config.webDir, 'index.html');
    app.useStaticAssets(config.webDir, { index: 'index.html' });
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'GET' && SPA_ROUTES.test(req.path)) res.sendFile(index);
      else next();
    });
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sales leaderboard API')
      .setDescription('Events in, explainable points and live boards out (SPEC section 9).')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Starts the HTTP server on `config.port` and prints where everything is. */
export async function startServer(config: AppConfig): Promise<NestExpressApplication> {
  const app = await createApp(config);
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const logger = new Logger('Bootstrap');
  const web = config.webDir !== null && existsSync(join(config.webDir, 'index.html'));
  logger.log(
    `Web:      ${web ? `${url}/tv  ${url}/me  ${url}/admin` : '(not built: npm run build -w apps/web)'}`,
  );
  logger.log(`API:      ${url}/api`);
  logger.log(`Docs:     ${url}/api/docs`);
  logger.log(
    `Database: ${config.databaseUrl === null ? `embedded PGlite in ${join(config.dataDir, 'pglite')}` : 'PostgreSQL server (DATABASE_URL)'}`,
  );
  logger.log(`Demo:     ${config.demo ? 'on (DEMO=0 disables)' : 'off'}`);
  return app;
}
