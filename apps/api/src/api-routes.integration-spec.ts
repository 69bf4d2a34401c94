/**
 * The route map of libs/contracts, docs/openapi.yaml and the app agree: the same (method, path)
 * set in all three, and every body DTO admits exactly the properties its OpenAPI request schema
 * lists. A route added to a controller without the map and the document fails here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { API_ROUTES } from '@leaderboard/contracts';
import { getMetadataStorage } from 'class-validator';
import { createTestApp, type TestApp } from './test-support/test-app.js';

interface SchemaObject {
  $ref?: string;
  properties?: Record<string, unknown>;
}
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: SchemaObject }> } }>
  >;
  components: { schemas: Record<string, SchemaObject> };
}
interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

// js-yaml (a devDependency without types of its own): only `load` is used.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const DOCUMENT_PATH = join(import.meta.dirname, '../../../docs/openapi.yaml');
/** Served by SwaggerModule about the API itself, not routes of the API. */
const SWAGGER_UI = /^\/api\/docs(\/|-json$|-yaml$|$)/;
/** The ingest body is validated by the hand-written `validateEventBatch`, not by a DTO. */
const VALIDATED_BY_HAND = new Set(['POST /api/events']);
const METHOD_NAMES = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** `METHOD /api/...` of every route the Express router of the app holds (a `*tail` as `:tail`). */
function registeredRoutes(app: TestApp): string[] {
  const express = app.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap(({ route }) =>
    route === undefined || SWAGGER_UI.test(route.path)
      ? []
      : Object.keys(route.methods).map(
          (method) => `${method.toUpperCase()} ${route.path.replace(/\/\*(\w+)$/, '/:$1')}`,
        ),
  );
}

/** Each controller route with the class its `@Body()` is declared as (undefined: no body). */
function controllerBodies(app: TestApp): Map<string, Type | undefined> {
  const bodies = new Map<string, Type | undefined>();
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        // A handler may answer at several paths; a wildcard segment (`*tail`) is a path parameter.
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat().map((own) =>
          ['api', base, own]
            .flatMap((part) => part.split('/'))
            .filter((part) => part !== '')
            .map((part) => part.replace(/^\*(\w+)$/, ':$1'))
            .join('/'),
        );
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number }
        >;
        const body = Object.entries(args).find(([key]) => key.split(':')[0] === String(RouteParamtypes.BODY));
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as Type[];
        for (const path of paths)
          bodies.set(`${method} /${path}`, body === undefined ? undefined : types[body[1].index]);
      }
    }
  }
  return bodies;
}

/** The properties the global ValidationPipe lets through (whitelist: any class-validator decorator). */
function whitelisted(dto: Type): string[] {
  return sorted(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
}

function documentRoutes(document: OpenApiDocument): Map<string, SchemaObject | undefined> {
  const routes = new Map<string, SchemaObject | undefined>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      routes.set(key, operation.requestBody?.content['application/json']?.schema);
    }
  }
  return routes;
}

function propertiesOf(document: OpenApiDocument, schema: SchemaObject): string[] {
  const resolved = schema.$ref
    ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
    : schema;
  return sorted(Object.keys(resolved?.properties ?? {}));
}

describe('the HTTP API: route map, OpenAPI document and app agree', () => {
  let app: TestApp;
  const document = yaml.load(readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;
  const inDocument = documentRoutes(document);

  beforeAll(async () => {
    app = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  }, 60_000);

  it('has the same routes in the map, the document and the app', () => {
    const registered = sorted(registeredRoutes(app));
    expect(registered.length).toBeGreaterThan(50);
    expect(registered.every((route) => METHOD_NAMES.some((method) => route.startsWith(`${method} `)))).toBe(
      true,
    );
    expect(sorted(API_ROUTES)).toEqual(registered);
    expect(sorted(inDocument.keys())).toEqual(registered);
    expect(sorted(controllerBodies(app).keys())).toEqual(registered);
  });

  it('documents a request body exactly for the routes that take one, with the properties their DTO admits', () => {
    const bodies = controllerBodies(app);
    const withBody = sorted([...bodies].filter(([, dto]) => dto !== undefined).map(([route]) => route));
    expect(
      sorted([...inDocument].filter(([, schema]) => schema !== undefined).map(([route]) => route)),
    ).toEqual(withBody);
    const mismatches = withBody
      .filter((route) => !VALIDATED_BY_HAND.has(route))
      .map((route) => ({
        route,
        dto: whitelisted(bodies.get(route) as Type),
        document: propertiesOf(document, inDocument.get(route) as SchemaObject),
      }))
      .filter(({ dto, document: listed }) => dto.length === 0 || dto.join() !== listed.join());
    expect(mismatches).toEqual([]);
  });
});
