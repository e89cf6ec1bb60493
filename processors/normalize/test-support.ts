/**
 * Shared by the normalizer's tests: fixtures, a normalizer over a real
 * image store in a temporary directory, and an error-code catcher.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCameraRegistry, type CameraRegistry } from '../../lib/cameras.ts';
import { isAlprError, type AlprError } from '../../lib/errors.ts';
import type { Read } from '../../schemas/types.ts';
import { createImageStore, type ImageStore } from '../../lib/image-store.ts';
import {
  createNormalizer,
  type Normalizer,
  type NormalizerOptions,
  type RawInput,
} from './index.ts';

export const FIXTURES = [
  'openalpr-alpr_results.json',
  'openalpr-alpr_group.json',
  'platerecognizer-snapshot-cloud.json',
  'platerecognizer-snapshot-webhook-onprem.json',
  'platerecognizer-stream-webhook.json',
  'frigate-events-update.json',
  'frigate-tracked-object-update-lpr.json',
] as const;
export type Fixture = (typeof FIXTURES)[number];

export function fixtureText(name: Fixture): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** A fresh, mutable copy of a fixture. */
export function fixture(name: Fixture): Record<string, any> {
  return JSON.parse(fixtureText(name)) as Record<string, any>;
}

/** 2026-01-01T00:00:00Z: after every fixture's capture time. */
export const RECEIVED = Date.UTC(2026, 0, 1);
export const SKEW_MS = 300_000;

export function testCameras(): CameraRegistry {
  const file = new URL('../../config/cameras.json', import.meta.url);
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return createCameraRegistry(doc, 'config/cameras.json');
}

export interface Harness {
  normalizer: Normalizer;
  images: ImageStore;
  /** Buffer and null as they are, strings as UTF-8, anything else as JSON. */
  run(value: unknown, headers?: RawInput['headers'], receivedAtMs?: number): Read[];
}

export function harness(over: Partial<NormalizerOptions> = {}): Harness {
  const images = createImageStore(mkdtempSync(join(tmpdir(), 'alpr-normalize-')));
  const normalizer = createNormalizer({
    cameras: testCameras(),
    images,
    agencyId: 'pipeline-agency',
    defaultTimeZone: 'America/Chicago',
    maxMessageBytes: 1024 * 1024,
    futureSkewMs: SKEW_MS,
    // The vendor samples are dated 2024-2025; the age ceiling has its own test.
    maxAgeMs: Number.POSITIVE_INFINITY,
    ...over,
  });
  return {
    normalizer,
    images,
    run(value, headers = {}, receivedAtMs = RECEIVED) {
      const bytes =
        value === null || Buffer.isBuffer(value)
          ? (value as Buffer | null)
          : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
      return normalizer.normalize({ value: bytes, headers, receivedAtMs });
    },
  };
}

/** The AlprError thrown by fn; fails the test if fn returns or throws anything else. */
export function caught(fn: () => unknown): AlprError {
  try {
    fn();
  } catch (e) {
    if (isAlprError(e)) return e;
    throw e;
  }
  throw new Error('expected an AlprError, got a result');
}
