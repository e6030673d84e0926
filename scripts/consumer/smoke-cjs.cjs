// require() of every package (ESM, loaded through require(esm): Node 20.19+, 22.12+).
const packages = JSON.parse(process.argv[2]);
for (const [name, member] of Object.entries(packages)) {
  const module = require(name);
  if (typeof module[member] !== 'function') throw new Error(`${name} does not export ${member} through require()`);
}
console.log(`ok: require() of ${Object.keys(packages).length} packages on Node ${process.version}`);
