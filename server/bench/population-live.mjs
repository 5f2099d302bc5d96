#!/usr/bin/env node
/**
 * Status change → per-grid counts on the big screen's stream. Holds GET /api/live?topics=population
 * as the ops center (what /screen opens), then sets a household's epidemic status 30 times as the
 * grid worker (alternating statuses) and times each from sending the PUT to receiving the
 * status.changed event with the district's counts.
 *   node server/bench/population-live.mjs BASE_URL OPS_TOKEN WORKER_TOKEN HOUSEHOLD_ID
 */
const [base, opsToken, workerToken, household] = process.argv.slice(2);
const ROUNDS = 30;
const STATUSES = ['home_isolation', 'monitoring', 'vaccinated', 'central_isolation'];

const stream = await fetch(new URL(`/api/live?topics=population&access_token=${encodeURIComponent(opsToken)}`, base), {
  headers: {Accept: 'text/event-stream'},
});
const reader = stream.body.getReader();
const decoder = new TextDecoder();
let buffer = '';
/** @type {Array<(event: any) => void>} */
const waiting = [];
(async () => {
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, {stream: true});
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
      if (!data) {
        continue;
      }
      const event = JSON.parse(data);
      if (event.type === 'status.changed') {
        waiting.shift()?.(event);
      }
    }
  }
})();
await new Promise((r) => setTimeout(r, 500));
const times = [];
let districtTotal = 0;
for (let i = 0; i < ROUNDS; i++) {
  const got = new Promise((resolve) => waiting.push(resolve));
  const t0 = performance.now();
  const r = await fetch(new URL(`/api/campaigns/epidemic/statuses/${household}`, base), {
    method: 'PUT',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${workerToken}`},
    body: JSON.stringify({status: STATUSES[i % STATUSES.length]}),
  });
  if (r.status !== 200) {
    throw new Error(`PUT ${r.status} ${await r.text()}`);
  }
  const event = await got;
  times.push(performance.now() - t0);
  districtTotal = event.data.grids.find((g) => g.code.length === 6)?.total ?? 0;
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(1);
console.log(`  status PUT -> status.changed with the district's counts (${districtTotal} statuses in the district): ` +
  `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${times[times.length - 1].toFixed(1)} ms (${ROUNDS} changes; goal <= 1000 ms)`);
process.exit(0);
