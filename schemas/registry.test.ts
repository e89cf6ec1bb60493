import { RestError } from '@confluentinc/schemaregistry/dist/rest-error.js';
import { describe, expect, it } from 'vitest';
import { AlprError, isAlprError } from '../lib/errors.ts';
import { createRegistryClient, registryError, type RegistryContext } from './registry.ts';

const subject = 'alpr.reads-value';
const onFetch: RegistryContext = { subject, schemaId: 7, operation: 'fetch-schema' };
const onRegister: RegistryContext = { subject, operation: 'register' };
const refused = 'SCHEMA_REGISTRY_REFUSED';
const unavailable = 'SCHEMA_REGISTRY_UNAVAILABLE';
const refusedConnection = Object.assign(new Error('connect ECONNREFUSED'), {
  code: 'ECONNREFUSED',
});

describe('registry errors', () => {
  const cases: [string, unknown, RegistryContext, string, boolean][] = [
    ['409 on register', new RestError('no', 409, 409), onRegister, 'SCHEMA_INCOMPATIBLE', false],
    ['404 40403 on fetch', new RestError('no id', 404, 40403), onFetch, 'UNKNOWN_SCHEMA_ID', false],
    ['401', new RestError('who', 401, 401), onFetch, refused, true],
    ['403', new RestError('no', 403, 40301), onRegister, refused, true],
    ['422 invalid schema', new RestError('bad', 422, 42201), onRegister, refused, false],
    ['503', new RestError('busy', 503, 50003), onRegister, unavailable, true],
    ['429', new RestError('slow down', 429, 429), onFetch, unavailable, true],
    ['connection refused', refusedConnection, onFetch, unavailable, true],
  ];
  it.each(cases)('registry error > %s > %s', (_name, err, ctx, code, retriable) => {
    const mapped = registryError(err, ctx);
    expect(mapped.code).toBe(code);
    expect(mapped.retriable).toBe(retriable);
    expect(mapped.context).toMatchObject({ subject, operation: ctx.operation });
    expect(mapped.cause).toBe(err);
  });

  it('registry error > already an AlprError > returned unchanged', () => {
    const original = new AlprError('UNDECODABLE_RECORD', 'x');
    expect(registryError(original, onFetch)).toBe(original);
  });
});

describe('registry client', () => {
  it('registry client > empty URL > CONFIG_INVALID naming the key', () => {
    let err: unknown;
    try {
      const settings = { schemaRegistryUser: '', schemaRegistryPassword: '' };
      createRegistryClient({ ...settings, schemaRegistryUrl: ' , ' });
    } catch (e) {
      err = e;
    }
    expect(isAlprError(err) && err.code).toBe('CONFIG_INVALID');
    expect(isAlprError(err) && err.context.key).toBe('ALPR_SCHEMA_REGISTRY_URL');
  });

  it('registry client > user and password > basic auth, URLs trimmed of trailing slashes', () => {
    const client = createRegistryClient({
      schemaRegistryUrl: 'https://a.example/apis/ccompat/v7/, https://b.example',
      schemaRegistryUser: 'key',
      schemaRegistryPassword: 'secret',
    });
    const conf = client.config();
    expect(conf.baseURLs).toEqual(['https://a.example/apis/ccompat/v7', 'https://b.example']);
    const basic = { credentialsSource: 'USER_INFO', userInfo: 'key:secret' };
    expect(conf.basicAuthCredentials).toEqual(basic);
  });

  it('registry client > no user > no credentials sent', () => {
    const client = createRegistryClient({
      schemaRegistryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
      schemaRegistryUser: '',
      schemaRegistryPassword: '',
    });
    expect(client.config().basicAuthCredentials).toBeUndefined();
  });
});
