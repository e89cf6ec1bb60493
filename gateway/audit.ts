/**
 * The audit trail's writer. `write` resolves only once the broker has
 * acknowledged the event on alpr.audit.access with acks=all; the gateway
 * sends no data until it has. A failed write fails the request. Events are
 * encoded by the topic's serde (Confluent wire format, subject
 * alpr.audit.access-value under FULL_TRANSITIVE compatibility).
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { AuditEvent } from '../schemas/types.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { metrics } from '../lib/metrics.ts';

export interface AuditLog {
  write(event: AuditEvent): Promise<void>;
}

export function newAuditEvent(
  fields: Partial<AuditEvent> & Pick<AuditEvent, 'action' | 'outcome'>,
): AuditEvent {
  return {
    event_id: randomUUID(),
    at_ms: Date.now(),
    refusal_code: null,
    user_id: null,
    purpose: null,
    case_number: null,
    notes: null,
    parameters: '{}',
    row_count: null,
    client_ip: null,
    ...fields,
  };
}

export function createKafkaAuditLog(
  producer: Producer,
  serde: TopicSerde<AuditEvent>,
  topic = serde.topic,
): AuditLog {
  return {
    async write(event) {
      try {
        const value = await serde.encode(event);
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key: event.user_id ?? 'anonymous', value }],
        });
      } catch (cause) {
        throw new AlprError(
          ErrorCodes.AUDIT_WRITE_FAILED,
          'the audit event could not be recorded',
          {
            cause,
            retriable: true,
            context: { topic, event_id: event.event_id },
          },
        );
      }
      metrics.auditEvents.inc({ action: event.action, outcome: event.outcome });
    },
  };
}
