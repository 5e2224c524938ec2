import * as fs from 'fs';
import * as path from 'path';

/** The version in the package's package.json, or `0.0.0` when it cannot be read. */
export function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
