import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuthController } from './auth.controller.js';
import { AUTH_ENTITIES } from './auth.entities.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/**
 * Logins, access tokens, display/integration tokens and the global guard. Needs `APP_CONFIG` from a
 * global module and a TypeORM connection whose migrations include `AUTH_MIGRATIONS` (database/migrations/auth-migrations.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(AUTH_ENTITIES),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, TokensController],
  providers: [UsersService, TokensService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TokensService, UsersService],
})
export class AuthModule {}
