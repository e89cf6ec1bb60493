/**
 * Passwords: at least 12 characters and a zxcvbn strength score of 3 or
 * more (of 0..4; 3 is "safely unguessable: moderate protection from offline
 * slow-hash attacks", about 10^8 guesses or more) against the common
 * password and name dictionaries of @zxcvbn-ts/language-common, with the
 * person's own name, username and e-mail as extra dictionary words.
 * Stored as argon2id hashes (@node-rs/argon2 defaults: 19 MiB, t=2, p=1,
 * the OWASP minimum).
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
function strength(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

/** Throws PASSWORD_WEAK naming the rule; the password is never logged or echoed. */
export function checkPassword(password: string, personalWords: string[] = []): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new AlprError(
      ErrorCodes.PASSWORD_WEAK,
      `password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      {
        context: { field: 'password', rule: 'length' },
      },
    );
  }
  if (password.length > 256) {
    throw new AlprError(ErrorCodes.PASSWORD_WEAK, 'password must have at most 256 characters', {
      context: { field: 'password', rule: 'length' },
    });
  }
  // Each personal word, its parts and the parts run together: ana, rivera, anarivera.
  const words = personalWords
    .map((w) => w.toLowerCase())
    .flatMap((w) => [...w.split(/[^a-z0-9]+/), w.replace(/[^a-z0-9]+/g, '')])
    .filter((w) => w.length > 2);
  const result = strength().check(password, words);
  if (result.score < MIN_PASSWORD_SCORE) {
    throw new AlprError(
      ErrorCodes.PASSWORD_WEAK,
      'password is too easy to guess (common words, names, patterns)',
      {
        context: { field: 'password', rule: 'strength', score: result.score },
      },
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Without a stored hash, still spend the time of one verification, so that
  // response time does not tell whether a username exists.
  const h = stored ?? DUMMY_HASH;
  const ok = await verify(h, password).catch(() => false);
  return stored !== null && ok;
}

// argon2id hash of a random string nobody knows; only used for timing.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$alG5wT5V0Ztrzt3iHu+fdw$n94vLu4rPSrTnflkV+N94FTB0aw69+xjF7a8UcptNyo';
