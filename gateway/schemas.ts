/**
 * JSON schemas of the gateway's requests, which Fastify validates and
 * @fastify/swagger publishes as the OpenAPI description. Queries are POSTs
 * so that plates never appear in URLs, proxy logs or browser history.
 */
const isoTime = {
  type: 'string',
  format: 'date-time',
  description: 'ISO 8601 with a zone',
} as const;

const accountability = {
  purpose: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    description: 'An id from GET /v1/purposes',
  },
  case_number: { type: 'string', minLength: 1, maxLength: 64, description: 'Agency case number' },
  notes: { type: 'string', maxLength: 2000 },
} as const;

const window = {
  from: isoTime,
  to: isoTime,
  limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
} as const;

function body(required: string[], props: Record<string, unknown>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['purpose', 'case_number', 'from', 'to', ...required],
    properties: { ...accountability, ...window, ...props },
  } as const;
}

export const plateQuery = body(['plate'], {
  plate: {
    type: 'string',
    minLength: 2,
    maxLength: 16,
    description: 'Plate as read; separators ignored',
  },
  region: {
    type: 'string',
    maxLength: 8,
    description: 'ISO 3166-2 (US-IL) or vendor code; optional',
  },
});

export const cameraQuery = body(['camera_id'], {
  camera_id: { type: 'string', minLength: 1, maxLength: 128 },
});

export const areaQuery = body(['min_lat', 'max_lat', 'min_lon', 'max_lon'], {
  min_lat: { type: 'number', minimum: -90, maximum: 90 },
  max_lat: { type: 'number', minimum: -90, maximum: 90 },
  min_lon: { type: 'number', minimum: -180, maximum: 180 },
  max_lon: { type: 'number', minimum: -180, maximum: 180 },
});

export interface Accountability {
  purpose: string;
  case_number: string;
  notes?: string;
  from: string;
  to: string;
  limit: number;
}
export type PlateQueryBody = Accountability & { plate: string; region?: string };
export type CameraQueryBody = Accountability & { camera_id: string };
export type AreaQueryBody = Accountability & {
  min_lat: number;
  max_lat: number;
  min_lon: number;
  max_lon: number;
};

export const errorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        audit_event_id: { type: 'string' },
      },
    },
  },
} as const;
