// Bundles the dashboard's pages into dist/ (what the pulse executable serves as wwwroot/):
// one script per page, uPlot included from node_modules, the CSS with it, and the HTML as is.
// Run by the Host project's build (npm ci first when node_modules is missing); `node build.mjs --watch` while editing.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const pages = ['ward', 'patient', 'daily', 'area'];
const watch = process.argv.includes('--watch');
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
for (const file of readdirSync('src').filter((f) => f.endsWith('.html'))) cpSync(`src/${file}`, `dist/${file}`);

const options = {
  entryPoints: pages.map((p) => `src/${p}.js`),
  bundle: true,
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'linked',
};
if (watch) await (await esbuild.context(options)).watch();
else await esbuild.build(options);
