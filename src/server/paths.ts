import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (the one whose package.json names Stillpoint), found by walking up from this
 * module. The files the server reads at run time (migrations, the ICD-10-CM code set, the built web
 * app) are found from here, so they are the same whether the CLI runs from src/ through tsx or from
 * a bundle of it elsewhere in the project (the tests start their servers from one: it starts in a
 * third of the time).
 */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && isStillpoint(manifest)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Stillpoint's package.json was not found above ${from}`);
  }
}

function isStillpoint(manifest: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'stillpoint';
  } catch {
    return false;
  }
}
