// The first-hours page (app.js): the form read back as an incident (`incident()`), written as
// JSON (with a map from line to field, to place the server's diagnostics) or TOML; the as-of
// instant; the downloads, and an incident file opened (the server reads it back).

import { $, el } from './dom.js';
import { state, changed, restore } from './app.js';
import { api, Problem } from './api.js';
import { showProblem } from './form.js';

// ---- the incident, read from the form ------------------------------------------------------

// "2024-03-21T09:00" (datetime-local without seconds) -> "2024-03-21T09:00:00"
export const localTime = (v) => (v.length === 16 ? v + ':00' : v);

export function incident() {
  const inc = { id: $('inc-id').value.trim() || 'incident' };
  const title = $('inc-title').value.trim();
  if (title) inc.title = title;
  inc.zone = $('inc-zone').value.trim();
  const scope = $('inc-scope').value.split(/[\s,;]+/).filter(Boolean);
  if (scope.length) inc.scope = scope;
  const notes = $('inc-notes').value.split('\n').map((s) => s.trim()).filter(Boolean);
  if (notes.length) inc.notes = notes;
  const events = {}, facts = {}, affected = {};
  for (const [name, e] of state.events) if (e.input.value) events[name] = localTime(e.input.value) + e.offset;
  for (const item of state.items.values()) {
    const v = item.get();
    if (v === undefined) continue;
    if (item.fact.family) affected[item.fact.key] = v; else facts[item.name] = v;
  }
  if (Object.keys(events).length) inc.events = events;
  if (Object.keys(facts).length) inc.facts = facts;
  if (Object.keys(affected).length) inc.affected = affected;
  return inc;
}

// JSON, one field a line, with the map from line number to field ("zone", "facts.role",
// "affected.US-TX") that places the server's diagnostics (request:LINE:COL) on the form.
export function incidentJson(inc) {
  const lines = ['{'], where = new Map();
  const top = Object.entries(inc);
  top.forEach(([k, v], i) => {
    const comma = i < top.length - 1 ? ',' : '';
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      lines.push(`  ${JSON.stringify(k)}: {`);
      where.set(lines.length, k);
      const inner = Object.entries(v);
      inner.forEach(([k2, v2], j) => {
        lines.push(`    ${JSON.stringify(k2)}: ${JSON.stringify(v2)}${j < inner.length - 1 ? ',' : ''}`);
        where.set(lines.length, `${k}.${k2}`);
      });
      lines.push('  }' + comma);
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
      where.set(lines.length, k);
    }
  });
  lines.push('}');
  return { text: lines.join('\n') + '\n', where };
}

// TOML of the same incident. A JSON string is a valid TOML basic string once lone surrogates
// are replaced and DEL escaped; events are TOML local date-times, resolved in the zone.
function tomlString(s) {
  return JSON.stringify(s.toWellFormed ? s.toWellFormed() : s).replace(/\x7f/g, '\\u007f');
}
const tomlKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k));
function tomlValue(v) {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return '[' + v.map(tomlValue).join(', ') + ']';
  return '{ ' + Object.entries(v).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(', ') + ' }';
}
function incidentToml(inc) {
  const out = [`# Incident file written by the breachclock first-hours page, ${new Date().toISOString()}.`,
    '# Local times are in the incident\'s zone; a fact left out is unknown.'];
  const tables = [];
  for (const [k, v] of Object.entries(inc)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) tables.push([k, v]);
    else out.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  }
  for (const [name, table] of tables) {
    out.push('', `[${name}]`);
    for (const [k, v] of Object.entries(table)) {
      const local = name === 'events' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d)?$/.test(v);
      out.push(`${tomlKey(k)} = ${local ? v : tomlValue(v)}`);
    }
  }
  return out.join('\n') + '\n';
}

// The as_of query parameter: the local date-time chosen, or this computer's clock.
export function asOf() {
  const v = $('as-of').value;
  return v ? localTime(v) : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

// The UTC offset of a zone at an instant: "+01:00".
export function offsetIn(instant, zone) {
  try {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName').value;
    return name === 'GMT' ? '+00:00' : name.replace('GMT', '').replace('\u2212', '-');
  } catch {
    return null;
  }
}

// ---- files -----------------------------------------------------------------------------------

function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const fileName = (ext) => `${(incident().id || 'incident').replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;

async function report(format, ext, type) {
  const { text, where } = incidentJson(incident());
  try {
    const r = await api(`/v1/assess?as_of=${encodeURIComponent(asOf())}&format=${format}`, { body: text });
    download(fileName(ext), type, await r.blob());
  } catch (e) {
    showProblem(e instanceof Problem ? e.doc : { title: 'Error', detail: String(e) }, where);
  }
}

$('dl-json').addEventListener('click', () => download(fileName('json'), 'application/json', incidentJson(incident()).text));
$('dl-toml').addEventListener('click', () => download(fileName('toml'), 'application/toml', incidentToml(incident())));
$('dl-ics').addEventListener('click', () => report('ics', 'ics', 'text/calendar'));
$('dl-md').addEventListener('click', () => report('md', 'md', 'text/markdown'));

// Opens an incident file: the server reads it (TOML or JSON, as `assess` does) and the
// assessment's `incident` gives its premises back; event instants become local times in its zone.
$('open-file').addEventListener('change', async () => {
  const file = $('open-file').files[0];
  if (!file) return;
  const text = await file.text();
  const json = /\.json$/i.test(file.name) || text.trimStart().startsWith('{');
  try {
    const r = await api(`/v1/assess?as_of=${encodeURIComponent(asOf())}&format=json`,
      { body: text, type: json ? 'application/json' : 'application/toml' });
    const inc = (await r.json()).incident;
    const events = {};
    // Each event keeps its instant exactly: the local time and the offset in force then.
    for (const [name, instant] of Object.entries(inc.events || {})) events[name] = localIn(instant, inc.zone) + offsetIn(Date.parse(instant), inc.zone);
    restore({ incident: { ...inc, events, title: inc.title || '' }, as_of: $('as-of').value });
    changed();
    const journal = /^\s*\[\[(learned|filed|requested|delayed)\]\]/m.test(text) || /"(learned|filed|requested|delayed)"\s*:/.test(text);
    $('announce').textContent = `Opened ${file.name}.` + (journal ? ' Its journal (learned, filed, requested, delayed) is not kept by this page.' : '');
    if (journal) alert(`${file.name} has a journal ([[learned]], [[filed]], ...): the page keeps only the incident's own facts and events; keep the file as the record.`);
  } catch (e) {
    showProblem(e instanceof Problem ? e.doc : { title: 'Error', detail: String(e) });
  } finally {
    $('open-file').value = '';
  }
});

// An instant as a local date-time in a zone: "2024-03-21T09:00:00".
function localIn(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}
