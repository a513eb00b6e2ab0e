import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of scenario data files, from the compiled or the source test location. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../test/scenarios/', import.meta.url));

export interface ScenarioFile {
  /** Path relative to test/scenarios, e.g. `reference_policies_grammar/x.json`. */
  readonly name: string;
  readonly data: unknown;
}

/** Every `.json` file below test/scenarios, sorted by path. */
export function loadScenarioFiles(dir: string = SCENARIO_DIR): ScenarioFile[] {
  const out: ScenarioFile[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) out.push({ name: relative(dir, path), data: JSON.parse(readFileSync(path, 'utf8')) as unknown });
    }
  };
  walk(dir);
  return out;
}
