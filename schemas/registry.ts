/**
 * The schema registry client and the one table that turns its failures into
 * AlprErrors. Any Confluent-compatible registry works: Confluent Schema
 * Registry, Karapace, Redpanda, Apicurio at /apis/ccompat/v7.
 *
 *   network failure, timeout, 408/429/5xx   SCHEMA_REGISTRY_UNAVAILABLE (retriable)
 *   401 / 403                               SCHEMA_REGISTRY_REFUSED (retriable: a
 *                                           credential fix must not drop data)
 *   409 on register                         SCHEMA_INCOMPATIBLE, naming the subject
 *   404, error_code 40403 (no such id)      UNKNOWN_SCHEMA_ID
 *   any other 4xx (422 invalid schema, ...) SCHEMA_REGISTRY_REFUSED
 *
 * The package's root module loads every rule executor (cloud KMS drivers,
 * CEL, JSONata): ~2 s at import. The files imported here take ~0.35 s.
 */
import { SchemaRegistryClient } from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import type { Client } from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import { RestError } from '@confluentinc/schemaregistry/dist/rest-error.js';
import type { Config } from '../lib/config.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export type { Client };

// Confluent's error_code for "schema id not found"; Apicurio's ccompat API
// answers the same 40403.
const SCHEMA_NOT_FOUND = 40403;

type RegistrySettings = Pick<
  Config,
  'schemaRegistryUrl' | 'schemaRegistryUser' | 'schemaRegistryPassword'
>;

/**
 * A client for the configured registry. Requests time out after 10 s and a
 * network failure is retried twice by the client (backoff 0.2 s then 0.4 s,
 * with jitter) before the caller sees SCHEMA_REGISTRY_UNAVAILABLE; longer
 * outages are the caller's retry loop's business.
 */
export function createRegistryClient(settings: RegistrySettings): Client {
  const baseURLs = settings.schemaRegistryUrl
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (baseURLs.length === 0) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, 'ALPR_SCHEMA_REGISTRY_URL is empty', {
      context: { key: 'ALPR_SCHEMA_REGISTRY_URL' },
    });
  }
  const user = settings.schemaRegistryUser;
  return new SchemaRegistryClient({
    baseURLs,
    createAxiosDefaults: { timeout: 10_000 },
    maxRetries: 2,
    retriesWaitMs: 200,
    retriesMaxWaitMs: 2_000,
    ...(user === ''
      ? {}
      : {
          basicAuthCredentials: {
            credentialsSource: 'USER_INFO' as const,
            userInfo: `${user}:${settings.schemaRegistryPassword}`,
          },
        }),
  });
}

/** Context every registry error carries; never a credential. */
export interface RegistryContext {
  subject: string;
  schemaId?: number;
  operation: 'register' | 'set-compatibility' | 'fetch-schema';
}

/** Maps a failure of a registry call to an AlprError (see the table above). */
export function registryError(err: unknown, ctx: RegistryContext): AlprError {
  if (err instanceof AlprError) return err;
  const where = `${ctx.operation} on subject ${ctx.subject}`;
  const context = { ...ctx } as Record<string, unknown>;
  if (err instanceof RestError) {
    context.status = err.status;
    context.registryCode = err.errorCode;
    if (ctx.operation === 'register' && err.status === 409) {
      return new AlprError(
        ErrorCodes.SCHEMA_INCOMPATIBLE,
        `schema refused as incompatible with the versions under subject ${ctx.subject}`,
        { cause: err, context },
      );
    }
    const notFound = err.errorCode === SCHEMA_NOT_FOUND || err.status === 404;
    if (ctx.operation === 'fetch-schema' && notFound) {
      const message = `schema id ${ctx.schemaId} is not in the registry`;
      return new AlprError(ErrorCodes.UNKNOWN_SCHEMA_ID, message, { cause: err, context });
    }
    if (err.status === 401 || err.status === 403) {
      const message = `registry refused the credentials (${where})`;
      return new AlprError(ErrorCodes.SCHEMA_REGISTRY_REFUSED, message, {
        cause: err,
        retriable: true,
        context,
      });
    }
    if (err.status < 500 && err.status !== 408 && err.status !== 429) {
      return new AlprError(ErrorCodes.SCHEMA_REGISTRY_REFUSED, `registry refused ${where}`, {
        cause: err,
        context,
      });
    }
  }
  const message = `schema registry unavailable (${where})`;
  return new AlprError(ErrorCodes.SCHEMA_REGISTRY_UNAVAILABLE, message, {
    cause: err,
    retriable: true,
    context,
  });
}
