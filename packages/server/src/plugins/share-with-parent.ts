import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';

/**
 * Marks a plugin so its hooks apply to the scope that registers it rather than to a scope of its own. It is
 * what the `fastify-plugin` package does, through the `skip-override` property Fastify documents for this
 * (docs/Reference/Plugins.md, "Handle the scope"); one line does not earn a dependency.
 */
export function shareWithParent<Plugin extends FastifyPluginAsync<never> | FastifyPluginCallback<never>>(
  plugin: Plugin,
): Plugin {
  Object.defineProperty(plugin, Symbol.for('skip-override'), { value: true });
  return plugin;
}
