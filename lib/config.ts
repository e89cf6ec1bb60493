/**
 * Configuration from ALPR_* environment variables. Every key is declared
 * here with its default and its doc; an unknown ALPR_* key, or a value that
 * does not parse, fails start-up in one error that names each key, the bad
 * value and the fix.
 */
import { IANAZone } from 'luxon';
import { AlprError, ErrorCodes } from './errors.ts';

/** Policy ceiling: no read is kept longer than this, whatever is configured. */
export const MAX_RETENTION_DAYS = 90;

type Parser<T> = (raw: string) => T;

interface KeySpec<T> {
  env: string;
  default: T;
  parse: Parser<T>;
  doc: string;
}

const str: Parser<string> = (raw) => raw;
function int(min: number, max: number): Parser<number> {
  return (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}
const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const level: Parser<string> = (raw) => {
  if (!LEVELS.includes(raw)) throw new Error(`expected one of ${LEVELS.join(', ')}`);
  return raw;
};
const zone: Parser<string> = (raw) => {
  if (!IANAZone.isValidZone(raw))
    throw new Error('expected an IANA time zone such as America/Chicago');
  return raw;
};
const regex: Parser<string> = (raw) => {
  new RegExp(raw);
  return raw;
};

const spec = {
  kafkaBrokers: {
    env: 'ALPR_KAFKA_BROKERS',
    default: ['127.0.0.1:9092'],
    parse: list,
    doc: 'Comma-separated bootstrap brokers.',
  },
  kafkaRuntime: {
    env: 'ALPR_KAFKA_RUNTIME',
    default: 'rdkafka' as string,
    parse: (raw: string) => {
      if (raw !== 'rdkafka' && raw !== 'kafkajs') throw new Error('expected rdkafka or kafkajs');
      return raw;
    },
    doc: 'Client that drives processors and sinks: rdkafka (node-rdkafka, faster) or kafkajs (no native build).',
  },
  kafkaClientId: {
    env: 'ALPR_KAFKA_CLIENT_ID',
    default: 'alpr-custodian',
    parse: str,
    doc: 'Kafka client id.',
  },
  schemaRegistryUrl: {
    env: 'ALPR_SCHEMA_REGISTRY_URL',
    default: 'http://127.0.0.1:8081/apis/ccompat/v7',
    parse: str,
    doc:
      'Confluent-compatible schema registry (Confluent, Karapace, Apicurio at /apis/ccompat/v7). ' +
      'Comma-separated URLs are tried in order.',
  },
  schemaRegistryUser: {
    env: 'ALPR_SCHEMA_REGISTRY_USER',
    default: '',
    parse: str,
    doc: 'Basic-auth user (Confluent Cloud: the API key). Empty: no authentication.',
  },
  schemaRegistryPassword: {
    env: 'ALPR_SCHEMA_REGISTRY_PASSWORD',
    default: '',
    parse: str,
    doc: 'Basic-auth password (Confluent Cloud: the API secret).',
  },
  clickhouseUrl: {
    env: 'ALPR_CLICKHOUSE_URL',
    default: '',
    parse: str,
    doc: 'ClickHouse server URL (http://host:8123). Empty: the embedded chDB engine.',
  },
  clickhouseDatabase: {
    env: 'ALPR_CLICKHOUSE_DATABASE',
    default: 'alpr',
    parse: str,
    doc: 'Database name.',
  },
  clickhouseUser: {
    env: 'ALPR_CLICKHOUSE_USER',
    default: 'default',
    parse: str,
    doc: 'Server user.',
  },
  clickhousePassword: {
    env: 'ALPR_CLICKHOUSE_PASSWORD',
    default: '',
    parse: str,
    doc: 'Server password.',
  },
  chdbPath: {
    env: 'ALPR_CHDB_PATH',
    default: '.data/chdb',
    parse: str,
    doc: 'Embedded engine data directory.',
  },
  imageStore: {
    env: 'ALPR_IMAGE_STORE',
    default: '.data/images',
    parse: str,
    doc: 'The one designated directory where plate images are kept, by SHA-256.',
  },
  camerasFile: {
    env: 'ALPR_CAMERAS_FILE',
    default: 'config/cameras.json',
    parse: str,
    doc: 'Camera registry: id, agency, IANA zone, location.',
  },
  agencyId: {
    env: 'ALPR_AGENCY_ID',
    default: 'demo-agency',
    parse: str,
    doc: 'Agency operating this pipeline.',
  },
  defaultTimeZone: {
    env: 'ALPR_DEFAULT_TIME_ZONE',
    default: 'America/Chicago',
    parse: zone,
    doc: 'IANA zone for zone-less device times from cameras missing from the registry.',
  },
  nonHitRetentionDays: {
    env: 'ALPR_NON_HIT_RETENTION_DAYS',
    default: 30,
    parse: int(1, Number.MAX_SAFE_INTEGER),
    doc: `Days a read with no hit is kept; at most ${MAX_RETENTION_DAYS}.`,
  },
  hitRetentionDays: {
    env: 'ALPR_HIT_RETENTION_DAYS',
    default: 90,
    parse: int(1, Number.MAX_SAFE_INTEGER),
    doc: `Days a read that hit a list is kept; at most ${MAX_RETENTION_DAYS}.`,
  },
  maxMessageBytes: {
    env: 'ALPR_MAX_MESSAGE_BYTES',
    default: 4 * 1024 * 1024,
    parse: int(1024, 64 * 1024 * 1024),
    doc: 'Raw payloads above this size are dead-lettered as MESSAGE_TOO_LARGE.',
  },
  futureSkewSeconds: {
    env: 'ALPR_FUTURE_SKEW_SECONDS',
    default: 300,
    parse: int(0, 86400),
    doc: 'A capture time further than this ahead of receipt is dead-lettered.',
  },
  gatewayHost: {
    env: 'ALPR_GATEWAY_HOST',
    default: '127.0.0.1',
    parse: str,
    doc: 'Gateway listen address.',
  },
  gatewayPort: {
    env: 'ALPR_GATEWAY_PORT',
    default: 8080,
    parse: int(0, 65535),
    doc: 'Gateway port.',
  },
  metricsPort: {
    env: 'ALPR_METRICS_PORT',
    default: 9464,
    parse: int(0, 65535),
    doc: 'Port of /metrics for processes without the gateway role (the gateway serves /metrics itself).',
  },
  caseNumberPattern: {
    env: 'ALPR_CASE_NUMBER_PATTERN',
    default: '^[0-9]{4}-[A-Z]{2,4}-[0-9]{3,8}$',
    parse: regex,
    doc: 'Case numbers must match this regular expression (e.g. 2026-CR-001234).',
  },
  usersFile: {
    env: 'ALPR_USERS_FILE',
    default: '',
    parse: str,
    doc:
      'Development only: a file of per-user bearer tokens (SHA-256 hashed) used instead of ' +
      'governance sessions; no approval, training or second factor. Empty: sessions.',
  },
  governancePath: {
    env: 'ALPR_GOVERNANCE_PATH',
    default: '.data/governance',
    parse: str,
    doc: 'Embedded PostgreSQL (PGlite) data directory for accounts, training and purposes.',
  },
  postgresUrl: {
    env: 'ALPR_POSTGRES_URL',
    default: '',
    parse: str,
    doc: 'PostgreSQL server URL for the governance store. Empty: embedded PGlite.',
  },
  loginMaxFailures: {
    env: 'ALPR_LOGIN_MAX_FAILURES',
    default: 5,
    parse: int(1, 100),
    doc: 'Failed logins in a row that lock an account.',
  },
  loginLockoutMinutes: {
    env: 'ALPR_LOGIN_LOCKOUT_MINUTES',
    default: 15,
    parse: int(1, 24 * 60),
    doc: 'How long a locked account stays locked.',
  },
  sessionMaxHours: {
    env: 'ALPR_SESSION_MAX_HOURS',
    default: 8,
    parse: int(1, 24),
    doc: 'A session ends this long after login, whatever its use.',
  },
  sessionIdleMinutes: {
    env: 'ALPR_SESSION_IDLE_MINUTES',
    default: 30,
    parse: int(1, 24 * 60),
    doc: 'A session unused for this long ends.',
  },
  inactivitySuspendDays: {
    env: 'ALPR_INACTIVITY_SUSPEND_DAYS',
    default: 90,
    parse: int(1, 3650),
    doc: 'An account not used for this many days is suspended.',
  },
  trainingValidMonths: {
    env: 'ALPR_TRAINING_VALID_MONTHS',
    default: 12,
    parse: int(1, 60),
    doc: 'A training completion expires this many months after it was completed.',
  },
  exportDir: {
    env: 'ALPR_EXPORT_DIR',
    default: '.data/exports',
    parse: str,
    doc: 'The one designated directory where downloads (reads and images) are written.',
  },
  exportKeyFile: {
    env: 'ALPR_EXPORT_KEY_FILE',
    default: '.data/export-signing.key',
    parse: str,
    doc: 'HMAC-SHA256 key that signs export manifests; created (mode 0600) if missing.',
  },
  exportRetentionDays: {
    env: 'ALPR_EXPORT_RETENTION_DAYS',
    default: 90,
    parse: int(1, MAX_RETENTION_DAYS),
    doc: `Days an export is kept before the purge removes it; at most ${MAX_RETENTION_DAYS}.`,
  },
  caseLookupUrl: {
    env: 'ALPR_CASE_LOOKUP_URL',
    default: '',
    parse: str,
    doc: 'Records system asked whether a case exists (GET ?case_number=); empty: format check only.',
  },
  purposesFile: {
    env: 'ALPR_PURPOSES_FILE',
    default: 'config/purposes.json',
    parse: str,
    doc: 'Catalogue of permitted criminal-justice purposes.',
  },
  sinkBatchRows: {
    env: 'ALPR_SINK_BATCH_ROWS',
    default: 5000,
    parse: int(1, 1_000_000),
    doc: 'Rows per ClickHouse insert.',
  },
  sinkFlushMs: {
    env: 'ALPR_SINK_FLUSH_MS',
    default: 2000,
    parse: int(10, 60_000),
    doc: 'A partial batch is inserted after this long.',
  },
  hotlistCompactMinutes: {
    env: 'ALPR_HOTLIST_COMPACT_MINUTES',
    default: 60,
    parse: int(1, 10_080),
    doc: 'The matcher rebuilds its hotlist index this often, in slices, to drop expired entries.',
  },
  logLevel: { env: 'ALPR_LOG_LEVEL', default: 'info', parse: level, doc: 'pino level.' },
} satisfies Record<string, KeySpec<unknown>>;

type Spec = typeof spec;
export type Config = { [K in keyof Spec]: Spec[K]['default'] };
export const configSpec: Readonly<Record<string, KeySpec<unknown>>> = spec;

/** Parse configuration from an environment; throws one CONFIG_INVALID listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const known = new Set(Object.values(spec).map((s) => s.env));
  for (const key of Object.keys(env)) {
    if (key.startsWith('ALPR_') && !known.has(key)) {
      problems.push(`${key} is not a known setting (see README "Configuration")`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec) as [string, KeySpec<unknown>][]) {
    const raw = env[s.env];
    if (raw === undefined || (raw === '' && s.default === '')) {
      out[name] = s.default;
      continue;
    }
    if (raw.trim() === '') {
      // An empty value is a mistake more often than a wish for the default:
      // ALPR_KAFKA_BROKERS= would otherwise quietly mean the local broker.
      problems.push(
        `${s.env} is set but empty; unset it to use the default (${String(s.default)})`,
      );
      continue;
    }
    try {
      out[name] = s.parse(raw);
    } catch (e) {
      problems.push(`${s.env}=${JSON.stringify(raw)}: ${(e as Error).message}`);
    }
  }
  const config = out as Config;
  const retention = retentionProblems(config);
  if (problems.length === 0 && retention.length === 1) throw retention[0]!;
  problems.push(...retention.map((e) => e.message));
  if (problems.length > 0) {
    throw new AlprError(
      ErrorCodes.CONFIG_INVALID,
      `invalid configuration:\n  ${problems.join('\n  ')}`,
      {
        context: { problems },
      },
    );
  }
  return config;
}

/** One RETENTION_OVER_LIMIT per retention setting above the ceiling. */
function retentionProblems(config: Config): AlprError[] {
  const out: AlprError[] = [];
  for (const key of ['nonHitRetentionDays', 'hitRetentionDays'] as const) {
    const value = config[key];
    if (typeof value === 'number' && value > MAX_RETENTION_DAYS) {
      const env = spec[key].env;
      out.push(
        new AlprError(
          ErrorCodes.RETENTION_OVER_LIMIT,
          `${env}=${value} exceeds the ${MAX_RETENTION_DAYS}-day retention ceiling; ` +
            `set it to ${MAX_RETENTION_DAYS} or less`,
          { context: { key: env, value, max: MAX_RETENTION_DAYS } },
        ),
      );
    }
  }
  return out;
}
