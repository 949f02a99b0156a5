import type { FastifyInstance } from 'fastify';

/** A route pattern (`/items/:itemId/history`) as a matcher of concrete paths. */
function patternOf(url: string): RegExp {
  const parts = url.split('/').map((part) => {
    if (part.startsWith(':')) return '[^/]+';
    if (part === '*') return '.*';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * Remembers every route's methods, so a path that exists but is asked with another method is a
 * 405 naming the methods it has (RFC 9110 §15.5.6), not a 404 that says the path is missing.
 * Must be attached before the routes are registered (it listens to `onRoute`).
 */
export class AllowedMethods {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];

  attach(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      this.routes.push({ pattern: patternOf(route.url), methods: new Set(methods.map(String)) });
    });
  }

  /** The methods a concrete path accepts (empty when no route matches it), sorted. */
  for(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes) {
      if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    }
    return [...allowed].sort();
  }
}
