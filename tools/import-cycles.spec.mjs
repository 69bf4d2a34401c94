import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findImportCycles, main } from './import-cycles.mjs';

/** A throwaway source tree: path -> text. */
function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function quietly(run) {
  const write = process.stderr.write;
  process.stderr.write = () => true;
  try {
    return run();
  } finally {
    process.stderr.write = write;
  }
}

describe('import-cycles', () => {
  it('fails on a cycle between feature folders and names one import per edge', () => {
    const root = tree({
      'src/a/a.service.ts': "import { b } from '../b/b.service.js';\nexport const a = b;\n",
      'src/b/b.service.ts': "import type { C } from '../c/c.js';\nexport const b = 1;\n",
      'src/c/c.ts':
        "// the edge that closes the cycle\n\nexport { a } from '../a/a.service.js';\nexport type C = 1;\n",
      'src/d/d.ts': "import { a } from '../a/a.service.js';\n",
    });
    try {
      const cycles = findImportCycles(join(root, 'src'), root);
      expect(cycles).toHaveLength(1);
      expect(cycles[0].features).toEqual(['a', 'b', 'c']);
      expect(cycles[0].edges).toEqual([
        { from: 'a', to: 'b', at: 'src/a/a.service.ts:1' },
        { from: 'b', to: 'c', at: 'src/b/b.service.ts:1' },
        { from: 'c', to: 'a', at: 'src/c/c.ts:3' },
      ]);
      expect(quietly(() => main(['src'], root))).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('passes without a cycle: one-way edges, root-level files, imports inside a feature and specs', () => {
    const root = tree({
      'src/main.ts': "import { a } from './a/a.js';\n",
      'src/a/a.ts':
        "import { b } from '../b/b.js';\nimport { x } from './x.js';\nimport { m } from '../main.js';\n",
      'src/a/x.ts': 'export const x = 1;\n',
      'src/b/b.ts': "import { m } from '../main.js';\nexport const b = 1;\n",
      'src/b/b.spec.ts': "import { a } from '../a/a.js';\n",
      'src/b/b.integration-spec.ts': "import { a } from '../a/a.js';\n",
    });
    try {
      expect(findImportCycles(join(root, 'src'), root)).toEqual([]);
      expect(main(['src'], root)).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('treats the subfolders of a nested root as features of their own', () => {
    const root = tree({
      'web/admin/rules/rules-tab.tsx': "import { load } from '../reps/reps-store.js';\n",
      'web/admin/reps/reps-store.ts': "import { tab } from '../rules/rules-tab.js';\n",
    });
    try {
      // One feature (admin) seen from web; two features in a cycle seen from web/admin.
      expect(findImportCycles(join(root, 'web'), root)).toEqual([]);
      expect(quietly(() => main(['web', 'web/admin'], root))).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
