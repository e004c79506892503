// Process facts from /proc, for the benchmarks and the tests that measure the server (Linux).
import fs from "node:fs";

/**
 * The child processes of a process (the server's perception workers).
 * @param {number} pid
 * @returns {number[]}
 */
export function childPids(pid) {
  const out = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
