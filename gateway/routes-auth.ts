/**
 * Sign-in routes: enrolment with the one-time code from approval, login
 * with password and TOTP, logout. They need no session (config.public);
 * every outcome is an audit event written by governance/auth.ts, and
 * password, code and TOTP are never part of what is audited or logged.
 */
import type { FastifyInstance } from 'fastify';
import { enrol, login, logout } from '../governance/auth.ts';
import type { GovernanceContext } from '../governance/context.ts';
import { errorResponse } from './schemas.ts';

const username = { type: 'string', minLength: 1, maxLength: 64 } as const;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 423: errorResponse };

export function registerAuthRoutes(app: FastifyInstance, ctx: GovernanceContext): void {
  app.post<{ Body: { username: string; enrolment_code: string; password: string } }>(
    '/v1/auth/enrol',
    {
      config: { action: 'account.enrol', public: true },
      schema: {
        summary: 'Set a password with the one-time enrolment code; returns the TOTP secret once',
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'enrolment_code', 'password'],
          properties: {
            username,
            enrolment_code: { type: 'string', minLength: 1, maxLength: 128 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
        response: errors,
      },
    },
    async (req) => enrol(ctx, req.body, req.ip),
  );

  app.post<{ Body: { username: string; password: string; totp: string } }>(
    '/v1/auth/login',
    {
      config: { action: 'auth.login', public: true },
      schema: {
        summary: 'Password and TOTP code; returns a session token (8 h, 30 min idle)',
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password', 'totp'],
          properties: {
            username,
            password: { type: 'string', minLength: 1, maxLength: 256 },
            totp: { type: 'string', minLength: 1, maxLength: 16 },
          },
        },
        response: errors,
      },
    },
    async (req) => {
      const s = await login(ctx, req.body, req.ip);
      return {
        token: s.token,
        expires_at_ms: s.expires_at_ms,
        idle_timeout_ms: s.idle_timeout_ms,
        user: s.user,
      };
    },
  );

  app.post(
    '/v1/auth/logout',
    { config: { action: 'auth.logout', public: true }, schema: { summary: 'End this session' } },
    async (req) => {
      await logout(ctx, req.headers.authorization, req.ip);
      return { ok: true };
    },
  );
}
