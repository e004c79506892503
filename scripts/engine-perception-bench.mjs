#!/usr/bin/env node
// Perception benchmark: start-up (models), per-session wall and CPU time, per-stage timings and
// peak RSS, on synthetic sessions from lib/engine/corpus at phone size and at 12 MP.
//
//   node scripts/engine-perception-bench.mjs [--rounds 3] [--sizes phone,12mp] [--cases passport-valid,idcard-valid,dl-valid]
//   node scripts/engine-perception-bench.mjs --robust     # MRZ reading under four levels of distortion
//
// CPU time (user + system of the whole process, all threads) is the figure to read on a shared
// machine: wall time grows with the machine's load, CPU time does not.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    sizes: { type: "string", default: "phone,12mp" },
    cases: { type: "string", default: "passport-valid,idcard-valid,dl-valid" },
    robust: { type: "boolean", default: false },
  },
});

const { register } = await import("tsx/esm/api");
register();

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const c0 = cpu();
const { analyse, warmUp } = await import("../lib/engine/perception/analyse.ts");
const { corpusSpecs, generateCase } = await import("../lib/engine/corpus/index.ts");
const { faceModels } = await import("../lib/engine/perception/face.ts");
await warmUp();
const human = await faceModels();
const tensorsAfterWarmUp = human.tf.engine().state.numTensors;
const startup = { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpu() - c0), rssMB: Math.round(process.memoryUsage().rss / 1e6) };
console.log(`start-up (import + models): ${startup.wallMs} ms wall, ${startup.cpuMs} ms CPU, RSS ${startup.rssMB} MB`);

if (values.robust) {
  await robust();
  process.exit(0);
}

/**
 * MRZ reading of 10 documents (TD3 and TD1, awkward names and numbers with O/0, I/1 mixes) per
 * distortion level. "wrong but valid" (check digits pass, a checked field wrong) must stay 0;
 * names are not checked by any digit, so a name read wrong must be flagged uncertain.
 */
async function robust() {
  const { readMrz } = await import("../lib/engine/perception/mrz.ts");
  const { decode } = await import("../lib/engine/perception/image.ts");
  const names = [["Tamm", "Kristjan Mart"], ["O'Connor-Smythe", "Siobhan"], ["Van der Berg", "Johannes Pieter"], ["Nguyen", "Thi Minh Anh"], ["Lopez Garcia", "Maria Jose"], ["Kowalczyk", "Zbigniew"], ["Ivanova", "Ekaterina"], ["Li", "Bo"], ["Schmidt", "Hans-Georg Wilhelm Friedrich Alexander"], ["Oyelaran", "Adebayo Oluwaseun"]];
  const numbers = ["K4821973", "AB1234567", "X0O1I8B5S", "C01X00T47", "P0000001", "99Z8Y7X6W", "L898902C3", "EE1G6S0O2", "M7Q2R4T9", "N01234567"];
  const levels = {
    clean: { angle: 0.5, blur: 0.4, noise: 3 },
    mild: { angle: 2, blur: 1, noise: 6, brightness: 0.9, quality: 80 },
    moderate: { angle: -3.5, blur: 1.8, noise: 10, brightness: 1.2, quality: 70 },
    harsh: { angle: 5, blur: 2.6, noise: 14, brightness: 0.7, quality: 55, width: 1600, height: 1200 },
  };
  for (const [level, photo] of Object.entries(levels)) {
    const tally = { exact: 0, namesWrongFlagged: 0, namesWrongUnflagged: 0, wrongButValid: 0, declared102: 0, inconclusive: 0 };
    let cpuMs = 0;
    for (let i = 0; i < 10; i++) {
      const document = i % 2 ? "TD1" : "TD3";
      const [lastName, firstName] = names[i];
      const c = await generateCase({ name: `robust-${level}-${i}`, document, holder: { lastName, firstName, documentNumber: document === "TD1" ? numbers[i].padEnd(9, "0").slice(0, 9) : numbers[i], dateOfBirth: `19${60 + i * 3}-0${1 + (i % 9)}-1${i}` }, photo, selfie: "omit", omit: document === "TD1" ? ["document-front"] : [] });
      const docs = await Promise.all(c.images.map(decode));
      const k = cpu();
      const r = await readMrz(docs);
      cpuMs += cpu() - k;
      if (r.check.result === "pass") {
        const checked = r.reading.documentNumber === c.truth.documentNumber && r.reading.dateOfBirth === c.truth.dateOfBirth && r.reading.expiryDate === c.truth.expiryDate;
        if (!checked) tally.wrongButValid++;
        else if (r.reading.raw.join("\n") === c.truth.mrz.join("\n")) tally.exact++;
        else if (r.reading.uncertainFields?.length) tally.namesWrongFlagged++;
        else tally.namesWrongUnflagged++;
      } else if (r.check.result === "fail") tally.declared102++;
      else tally.inconclusive++;
    }
    console.log(`${level.padEnd(9)} ${JSON.stringify(tally)}  MRZ CPU ${Math.round(cpuMs / 10)} ms per picture`);
  }
}

const sizes = { phone: { width: 2000, height: 1500, selfie: { width: 1280, height: 1024 } }, "12mp": { width: 4000, height: 3000, selfie: { width: 3024, height: 4032 } } };
const wanted = values.cases.split(",");
const specs = corpusSpecs().filter((s) => wanted.includes(s.name));
const rounds = Number(values.rounds);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

for (const sizeName of values.sizes.split(",")) {
  const size = sizes[sizeName];
  const sessions = [];
  for (const spec of specs) {
    const c = await generateCase({ ...spec, photo: { ...spec.photo, width: size.width, height: size.height }, selfieSize: size.selfie });
    const bytes = c.images.reduce((s, i) => s + i.bytes.length, 0);
    sessions.push({ c, bytes });
  }
  // One unmeasured pass: first inferences allocate.
  for (const { c } of sessions) await analyse(c.images);
  const rows = [];
  const rss = [];
  for (let r = 0; r < rounds; r++) {
    for (const { c, bytes } of sessions) {
      const w = performance.now();
      const k = cpu();
      const p = await analyse(c.images);
      rows.push({ name: c.name, wall: performance.now() - w, cpu: cpu() - k, bytes, timings: p.timings, ok: p.documentCheck.result });
    }
    rss.push(Math.round(process.memoryUsage().rss / 1e6));
  }
  console.log(`\n${sizeName} (${size.width}x${size.height} documents, ${size.selfie.width}x${size.selfie.height} selfie), ${rounds} rounds:`);
  for (const spec of specs) {
    const mine = rows.filter((x) => x.name === spec.name);
    const stages = {};
    for (const x of mine) for (const [k, v] of Object.entries(x.timings)) if (k !== "total" && k !== "warmUp") stages[k] = (stages[k] ?? 0) + v / mine.length;
    const cpus = mine.map((x) => x.cpu);
    const walls = mine.map((x) => x.wall);
    console.log(
      `  ${spec.name.padEnd(16)} ${mine[0].ok.padEnd(12)} CPU median ${Math.round(pct(cpus, 50))} ms (max ${Math.round(Math.max(...cpus))}), wall median ${Math.round(pct(walls, 50))} ms, ${(mine[0].bytes / 1e6).toFixed(1)} MB of pictures; stages (wall): ${Object.entries(stages).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ")}`,
    );
  }
  const all = rows.map((x) => x.cpu);
  console.log(`  RSS after each round: ${rss.join(", ")} MB; tensors held: ${human.tf.engine().state.numTensors} (after warm-up ${tensorsAfterWarmUp})`);
  console.log(`  all sessions: CPU median ${Math.round(pct(all, 50))} ms, p95 ${Math.round(pct(all, 95))} ms → ${(60000 / pct(all, 50)).toFixed(1)} sessions/min per core at the median`);
}
console.log(`\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
