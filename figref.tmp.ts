const root = process.argv[2];
const { figureDefinitions } = await import(`${root}/src/plots/figures.ts`);
const { stringifyJson } = await import(`${root}/src/core/stringifyJson.ts`);
const { writeFileSync, mkdirSync } = await import('node:fs');
const out = process.argv[3];
mkdirSync(out, { recursive: true });
for (const f of figureDefinitions()) {
  if (f.id === 'optimum-cost') continue;
  const t = performance.now();
  const data = await f.compute({ quick: true, inputs: [] });
  writeFileSync(`${out}/${f.id}.json`, stringifyJson(data, { indent: 1 }) + '\n');
  console.log(f.id, ((performance.now() - t) / 1000).toFixed(1));
}
