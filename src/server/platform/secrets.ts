import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption of secrets at rest (TOTP seeds): AES-256-GCM with a key from STILLPOINT_SECRET_KEY,
 * or, in embedded development mode, a random key kept in the data directory (mode 0600).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(secretKey: string | null, dataDir: string | null): SecretBox {
    if (secretKey) return new SecretBox(createHash('sha256').update(secretKey).digest());
    if (!dataDir) return new SecretBox(randomBytes(32));
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'secret.key');
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    return new SecretBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const enc = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), enc.toString('base64')].join(
      '.',
    );
  }

  open(sealed: string): string {
    const [v, iv, tag, enc] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || !enc) throw new Error('Unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(enc, 'base64')), decipher.final()]).toString('utf8');
  }

  /** An HMAC-SHA256 of `data` under a key derived for `purpose` (never the sealing key itself). */
  mac(purpose: string, data: string): string {
    const key = createHmac('sha256', this.key).update(`stillpoint:${purpose}`).digest();
    return createHmac('sha256', key).update(data).digest('base64url');
  }
}

/** 256-bit random token (URL-safe) and its SHA-256, which is what the database keeps. */
export function newToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
