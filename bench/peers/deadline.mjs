// The peer a user would script instead of breachclock, in node with luxon: the due instant of a
// 72-hour deadline (elapsed hours) from an incident's aware time, in the incident's zone.
//   node bench/peers/deadline.mjs 2024-03-21T09:00:00Z Europe/London
//   due        2024-03-24T09:00:00Z
//   due local  2024-03-24T09:00:00+00:00 (Europe/London)
// scripts/bench times it as a whole process beside `breachclock assess` and deadline.py.
import { DateTime } from "luxon";

const [from, zone] = process.argv.slice(2);
if (!from || !zone) {
  console.error("usage: node deadline.mjs TIME ZONE");
  process.exit(2);
}
const aware = DateTime.fromISO(from, { zone, setZone: false });
if (!aware.isValid) {
  console.error(`deadline.mjs: ${from} in ${zone}: ${aware.invalidExplanation}`);
  process.exit(2);
}
const due = aware.plus({ hours: 72 });  // luxon adds hours as elapsed time, across clock changes
console.log(`due        ${due.toUTC().toISO({ suppressMilliseconds: true })}`);
console.log(`due local  ${due.toISO({ suppressMilliseconds: true })} (${zone})`);
