// Fails on import cycles between feature folders. In each root, every immediate subfolder is a
// feature (files directly in the root are not); an import from one feature's file into another
// feature is an edge. Strongly connected components of that graph with more than one feature are
// cycles: each is printed with one `file:line` import per edge, and the exit code is 1.
// Specs are left out: a test may reach across the app (test-support) without making one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_ROOTS = ['apps/api/src', 'apps/web/src', 'apps/web/src/admin'];

const SOURCE = /\.(ts|tsx|mts|js|mjs|jsx)$/;
const SPEC = /[.-]spec\.[cm]?[jt]sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);
/** `from './x'`, `import './x'`, `import('./x')`, `require('./x')`: relative specifiers only. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFiles(path));
    } else if (SOURCE.test(entry.name) && !SPEC.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

/** The feature (immediate subfolder of `root`) holding `path`, or null for a root-level file or outside. */
function featureOf(root, path) {
  const parts = relative(root, path).split(sep);
  if (parts.length < 2 || parts[0] === '..' || parts[0] === '') return null;
  return parts[0];
}

function lineAt(text, index) {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The folder-level import graph of `root`: feature -> feature -> the first import making the edge
 * (`file:line`, the file relative to `cwd`).
 */
export function featureGraph(root, cwd = process.cwd()) {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = featureOf(root, file);
    if (from === null) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const to = featureOf(root, resolve(dirname(file), match[1]));
      if (
        to === null ||
        to === from ||
        !existsSync(join(root, to)) ||
        !statSync(join(root, to)).isDirectory()
      )
        continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, `${relative(cwd, file)}:${lineAt(text, match.index)}`);
    }
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one node. */
function components(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** The shortest way round from `start` back to itself inside `members`. */
function cycleThrough(graph, start, members) {
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}

/**
 * Every cycle of `root`: the features of each strongly connected component, one way round it as
 * edges with the import that makes each (`edges`), and the component's other edges (`others`).
 */
export function findImportCycles(root, cwd = process.cwd()) {
  const graph = featureGraph(root, cwd);
  return components(graph).map((features) => {
    const path = cycleThrough(graph, features[0], new Set(features));
    const edges = path.slice(1).map((to, i) => ({ from: path[i], to, at: graph.get(path[i]).get(to) }));
    const onPath = new Set(edges.map((e) => `${e.from}>${e.to}`));
    const others = [];
    for (const from of features)
      for (const [to, at] of [...(graph.get(from) ?? [])].sort(([a], [b]) => a.localeCompare(b)))
        if (features.includes(to) && !onPath.has(`${from}>${to}`)) others.push({ from, to, at });
    return { features, edges, others };
  });
}

export function formatCycle(root, cycle) {
  const lines = [`${root}: import cycle between ${cycle.features.join(', ')}`];
  for (const edge of cycle.edges) lines.push(`  ${edge.from} -> ${edge.to}  ${edge.at}`);
  if (cycle.others.length > 0) lines.push('  other imports inside it:');
  for (const edge of cycle.others) lines.push(`    ${edge.from} -> ${edge.to}  ${edge.at}`);
  return lines.join('\n');
}

/** Checks `roots` (relative to `cwd`); prints every cycle; the exit code (1 when any). */
export function main(roots = DEFAULT_ROOTS, cwd = process.cwd()) {
  let cycles = 0;
  for (const root of roots) {
    const dir = resolve(cwd, root);
    if (!existsSync(dir)) continue;
    for (const cycle of findImportCycles(dir, cwd)) {
      cycles++;
      process.stderr.write(`${formatCycle(root, cycle)}\n`);
    }
  }
  if (cycles > 0) process.stderr.write(`${cycles} import cycle(s) between feature folders\n`);
  return cycles > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Roots named on the command line are relative to the working directory; the default ones to the repository.
  const args = process.argv.slice(2);
  const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  process.exitCode = args.length > 0 ? main(args, process.cwd()) : main(DEFAULT_ROOTS, repository);
}
