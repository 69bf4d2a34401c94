import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ConnectorCredentials } from './connector-adapter.js';

/** AES-256-GCM ciphertext as stored: a fresh 12-byte IV per write, the 16-byte tag, the data. */
export interface SealedSecret {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

/** Encrypts connector credentials at rest with the configured key; plaintext lives in memory only. */
@Injectable()
export class ConnectorCipher {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'connectorKey'>) {}

  seal(credentials: ConnectorCredentials): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.connectorKey, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), data };
  }

  /** Throws when the key is not the one that sealed it or the ciphertext was altered. */
  open(sealed: SealedSecret): ConnectorCredentials {
    const decipher = createDecipheriv('aes-256-gcm', this.config.connectorKey, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    const text = Buffer.concat([decipher.update(sealed.data), decipher.final()]).toString('utf8');
    return JSON.parse(text) as ConnectorCredentials;
  }
}

/** A new URL secret: 32 random bytes, base64url (43 characters). */
export function newUrlSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two secrets in constant time (for equal lengths; a length mismatch answers false at once). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
