/**
 * /metrics for a process that does not run the gateway (which serves its
 * own). Listens on loopback by default: Prometheus scrapes locally or
 * through the operator's own proxy.
 */
import Fastify from 'fastify';
import { registry } from '../lib/metrics.ts';

export async function startMetricsServer(
  host: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  app.get('/healthz', async () => ({ ok: true }));
  await app.listen({ host, port });
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://${host}:${bound}/metrics`, close: () => app.close() };
}
