// import() of every package, on the Node running this file.
const packages = JSON.parse(process.argv[2]);
for (const [name, member] of Object.entries(packages)) {
  const module = await import(name);
  if (typeof module[member] !== 'function') throw new Error(`${name} does not export ${member}`);
}
console.log(`ok: import() of ${Object.keys(packages).length} packages on Node ${process.version}`);
