/**
 * POST /v1/exports: download the reads of one plate (and their images) to
 * the designated export directory, with a signed manifest
 * (governance/exports.ts). Same checks as a query (analyst, purpose from
 * the catalogue, case number); the audit event names the export and every
 * file in it, and must be acknowledged before the caller learns where the
 * export is. If it cannot be, the export is deleted.
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createExport } from '../governance/exports.ts';
import { plateQuery, errorResponse, type PlateQueryBody } from './schemas.ts';
import { toMs, type GatewayGovernance, type GatewayKit, type ReadQueries } from './server.ts';

type ExportBody = PlateQueryBody & { include_images?: boolean };

const exportBody = {
  ...plateQuery,
  properties: { ...plateQuery.properties, include_images: { type: 'boolean', default: false } },
} as const;

interface WithImage {
  image?: { ref: string; sha256: string } | null;
}

export function registerExportRoutes(
  app: FastifyInstance,
  gov: GatewayGovernance,
  kit: GatewayKit,
  queries: ReadQueries,
): void {
  app.post<{ Body: ExportBody }>(
    '/v1/exports',
    {
      config: { action: 'export.create' },
      schema: {
        summary: 'Export the reads of one plate to the designated directory, signed',
        body: exportBody,
        response: {
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await kit.checkAccess(req, b);
      const rows = await queries.byPlate({
        plate: b.plate,
        region: b.region,
        fromMs: toMs(b.from, 'from'),
        toMs: toMs(b.to, 'to'),
        limit: b.limit,
      });
      const images = new Map<string, string>();
      if (b.include_images && gov.images) {
        for (const r of rows as WithImage[]) {
          if (r.image?.ref) images.set(r.image.sha256, gov.images.path(r.image.ref));
        }
      }
      const user = kit.user(req);
      const m = await createExport(gov.ctx, gov.exports, user, {
        purpose: b.purpose,
        case_number: b.case_number,
        notes: b.notes ?? null,
        rows,
        images,
      });
      let auditId: string;
      try {
        auditId = await kit.record(req, 'allowed', {
          rows: rows.length,
          params: {
            export_id: m.export_id,
            query: { plate: b.plate, region: b.region ?? null, from: b.from, to: b.to },
            expires_at_ms: m.expires_at_ms,
            files: m.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
          },
        });
      } catch (e) {
        rmSync(m.path, { recursive: true, force: true });
        throw e;
      }
      return reply.status(201).send({
        audit_event_id: auditId,
        export_id: m.export_id,
        path: m.path,
        row_count: m.row_count,
        expires_at_ms: m.expires_at_ms,
        files: m.files,
      });
    },
  );
}
