/** Desktop entry: Node's native SHA-256, then the shared activation. */
import { createHash } from 'node:crypto';
import { useSha256 } from '../../core';

useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));

export { activate, deactivate } from '../activate';
