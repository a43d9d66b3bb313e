// The first-hours page (app.js): an assessment rendered: the questions in the engine's order,
// the duties with their status, due instants and countdowns, the explanations, the announcements
// for a screen reader and the SVG timeline.

import { $, el } from './dom.js';
import { state, USER_ZONE } from './app.js';
import { api, Problem } from './api.js';

// ---- rendering an assessment -----------------------------------------------------------------

const STATUS = { required: 'required', undetermined: 'undetermined', not_required: 'not required' };

function fmt(instant, zone) {
  const d = new Date(instant);
  const opts = { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short', hourCycle: 'h23' };
  if (d.getUTCSeconds()) opts.second = '2-digit';
  return new Intl.DateTimeFormat('en-GB', opts).format(d);
}

function span(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  const two = (n) => String(n).padStart(2, '0');
  return `${d ? d + 'd ' : ''}${two(h)}h ${two(m)}m ${two(s % 60)}s`;
}

export function render(doc) {
  state.assessment = doc;
  $('duties').classList.remove('stale');
  const kept = document.activeElement;
  const keptDuty = kept?.closest('[data-obligation]') && kept.matches('.explain-button') ? kept.closest('[data-obligation]').dataset.obligation : null;
  orderQuestions(doc);
  const obligations = doc.obligations;
  const open = obligations.filter((o) => o.status !== 'not_required');
  const lists = { open: $('d-open'), no: $('d-no'), out: $('d-out') };
  for (const list of Object.values(lists)) list.replaceChildren();
  for (const o of obligations) {
    const list = o.status !== 'not_required' ? lists.open : o.out_of_scope ? lists.out : lists.no;
    list.append(duty(o, doc));
  }
  if (!open.length) lists.open.append(el('li', { class: 'none' }, 'No duty applies or may apply on these answers.'));
  $('d-no-n').textContent = lists.no.children.length;
  $('d-out-n').textContent = lists.out.children.length;
  $('warnings').replaceChildren(...doc.warnings.map((w) => el('li', {}, el('strong', {}, 'Warning: '), w)));
  const count = (s) => obligations.filter((o) => o.status === s).length;
  $('state').textContent = `As of ${fmt(doc.as_of, doc.incident.zone)}: ${count('required')} required, ` +
    `${count('undetermined')} undetermined, ${count('not_required')} not required.` +
    ($('as-of').value ? ' The countdowns show the time left at that instant.' : ' The countdowns tick on this computer\'s clock.');
  $('rules-line').textContent = `Rules ${doc.rules.digest.slice(0, 19)}, ${doc.rules.packs.length} packs. Your zone: ${USER_ZONE}.`;
  announce(obligations);
  // The focus stays where it was: on a question (moved, not rebuilt) or on a duty's Explain (rebuilt).
  if (kept && kept !== document.activeElement && document.contains(kept)) kept.focus({ preventScroll: true });
  else if (keptDuty) document.getElementById('d-' + keptDuty)?.querySelector('.explain-button')?.focus({ preventScroll: true });
  for (const id of state.expanded) explain(id, false);
  tick();
}

// Questions: the assessment's (most decisive first), then those answered, then the rest folded.
function orderQuestions(doc) {
  const asked = [];
  const decides = new Map();
  for (const q of doc.questions) {
    decides.set(q.fact, q.decides);
    asked.push(q.kind === 'fact' && state.items.has(q.fact) ? state.items.get(q.fact).li : pointer(q));
  }
  const answered = [], other = [];
  for (const item of state.items.values()) {
    const ids = decides.get(item.name);
    item.decides.replaceChildren();
    if (ids) {
      item.decides.append(`Decides ${ids.length} ${ids.length === 1 ? 'duty' : 'duties'}: `,
        ...ids.flatMap((id, i) => [i ? ', ' : '', el('a', { href: '#d-' + id }, id)]));
      continue;
    }
    (item.get() !== undefined ? answered : other).push(item.li);
  }
  place($('q-open'), asked.filter(Boolean));
  place($('q-answered'), answered);
  place($('q-other'), other);
  $('q-answered-h').hidden = !answered.length;
  $('q-other-n').textContent = other.length;
  // Events given or asked come into view.
  for (const [name, e] of state.events) {
    const target = e.basic || e.input.value || decides.has(name) ? $('events-main') : $('events-more');
    if (e.label.parentNode !== target) target.append(e.label);
  }
}

// An event or the scope asked points to its field in the incident's header; a derived count
// (most.) is answered by the counts it is worked out from. Kept from one assessment to the next.
const pointers = new Map();
function pointer(q) {
  const key = `${q.kind}:${q.fact}`;
  let p = pointers.get(key);
  if (!p) {
    const target = q.kind === 'scope' ? $('inc-scope') : state.events.get(q.fact)?.input;
    const button = target ? el('button', { type: 'button' }, q.kind === 'scope' ? 'Give the scope' : `Give the time of ${q.fact}`) : null;
    button?.addEventListener('click', () => {
      const box = target.closest('details');
      if (box) box.open = true;
      target.focus();
    });
    p = { decides: el('p', { class: 'decides' }) };
    p.li = el('li', { class: 'pointer', 'data-fact': q.fact }, el('p', { class: 'q' }, q.question), p.decides, button);
    pointers.set(key, p);
  }
  p.decides.textContent = `Decides ${q.decides.length} ${q.decides.length === 1 ? 'duty' : 'duties'}.`;
  return p.li;
}

// Puts the nodes into the list in order, moving only those out of place (a move loses focus).
export function place(list, nodes) {
  nodes.forEach((node, i) => { if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null); });
  while (list.children.length > nodes.length) list.lastElementChild.remove();
}

function duty(o, doc) {
  const d = o.deadline;
  const li = el('li', { class: `duty st-${o.status}`, id: 'd-' + o.id, 'data-obligation': o.id, 'data-status': o.status });
  li.append(el('h3', {}, el('span', { class: 'badge' }, STATUS[o.status]), ' ', o.title));
  const to = o.recipient.name || `not known until ${o.recipient.undetermined_by} is answered`;
  li.append(el('p', { class: 'meta' }, el('code', {}, o.id), ` · to ${to}`));
  const when = el('dl', { class: 'when' });
  const row = (term, ...value) => when.append(el('dt', {}, term), el('dd', {}, ...value));
  const live = o.status !== 'not_required' && !o.filed;
  if (d.due) {
    row(`Due (${o.recipient.name ? 'the recipient\'s zone, ' : ''}${d.zone})`,
      el('time', { datetime: d.due, 'data-role': 'due-regulator' }, fmt(d.due, d.zone)));
    row(`Due (your zone, ${USER_ZONE})`, el('time', { datetime: d.due, 'data-role': 'due-user' }, fmt(d.due, USER_ZONE)));
    if (live) row('Time left', el('span', { role: 'timer', class: 'countdown', 'data-due': d.due }));
  } else if (d.due_date) {
    row('Due by the end of', d.due_date);
  }
  if (d.target_due) {
    row('Internal target', el('time', { datetime: d.target_due }, `${fmt(d.target_due, d.zone)} · ${fmt(d.target_due, USER_ZONE)}`));
    if (live) row('Time to the target', el('span', { role: 'timer', class: 'countdown', 'data-due': d.target_due }));
  }
  if (d.text) row(d.kind === 'soft' ? 'Deadline (no fixed instant)' : 'The law says', `“${d.text}”`);
  if (d.kind === 'none') row('Deadline', 'none');
  if (d.anchor && d.from) row('Counted from', `${d.anchor_event || d.from}, ${fmt(d.anchor, doc.incident.zone)}${d.period ? ` (${d.period})` : ''}`);
  else if (d.from && !d.due && d.kind === 'fixed') row('Counted from', `${d.from}: not known yet, so no due instant`);
  if (d.provisional) row('Provisional', `counted from ${d.anchor_event} while ${d.from} is unknown; the due instant moves when ${d.from} is given`);
  if (d.not_started) row('Not started', `counts from ${d.from} (${d.from_kind}), not recorded yet`);
  if (o.filed) row('Filed', `${fmt(o.filed.at, d.zone || doc.incident.zone)}${o.filed.on_time === false ? ', late' : ''}`);
  if (when.children.length) li.append(when);
  if (o.status === 'undetermined' && o.depends_on.length) {
    li.append(el('p', { class: 'depends' }, 'Decided by: ',
      ...o.depends_on.flatMap((f, i) => [i ? ', ' : '', state.items.has(f) ? el('a', { href: '#q-' + f }, f)
        : state.events.has(f) ? el('a', { href: '#ev-' + f }, f) : el('code', {}, f)])));
  }
  if (o.displaced_by) li.append(el('p', {}, `Displaced by ${o.displaced_by.pack}: ${o.displaced_by.because}`));
  if (o.citations.length) li.append(el('p', { class: 'cite' }, ...o.citations.flatMap((c, i) => [i ? '; ' : '',
    c.url ? el('a', { href: c.url, rel: 'noreferrer noopener', target: '_blank' }, c.ref) : c.ref])));
  const pre = el('pre', { id: 'x-' + o.id, class: 'explain', hidden: true, tabindex: '0', 'aria-label': `Explanation of ${o.id}` });
  const button = el('button', { type: 'button', class: 'explain-button', 'aria-expanded': 'false', 'aria-controls': pre.id }, 'Explain');
  button.addEventListener('click', () => explain(o.id, true));
  li.append(button, pre);
  return li;
}

// Opens (or, when `toggle` and open, closes) the explanation of one obligation.
async function explain(id, toggle) {
  const pre = document.getElementById('x-' + id);
  if (!pre) { state.expanded.delete(id); return; }
  const button = pre.previousElementSibling;
  if (toggle && state.expanded.has(id)) {
    state.expanded.delete(id);
    pre.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  state.expanded.add(id);
  pre.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  pre.textContent = 'Loading the explanation…';
  const generation = state.generation;
  try {
    const q = `obligation=${encodeURIComponent(id)}&as_of=${encodeURIComponent(state.assessment.as_of)}&format=text`;
    const text = await (await api('/v1/explain?' + q, { body: state.body })).text();
    if (generation === state.generation) pre.textContent = text;
  } catch (e) {
    pre.textContent = e instanceof Problem ? `${e.doc.title}: ${e.doc.detail || ''}` : String(e);
  }
}

// Tells a screen reader which duties changed status (the first assessment: a summary).
function announce(obligations) {
  const now = new Map(obligations.map((o) => [o.id, o.status]));
  const lines = [];
  if (!state.statuses) {
    const n = (s) => obligations.filter((o) => o.status === s).length;
    lines.push(`${n('required')} duties required, ${n('undetermined')} undetermined.`);
  } else {
    for (const o of obligations) {
      const was = state.statuses.get(o.id);
      if (was && was !== o.status) lines.push(`${o.title} (${o.id}): now ${STATUS[o.status]}, was ${STATUS[was]}.`);
    }
  }
  state.statuses = now;
  if (lines.length > 6) lines.splice(5, lines.length, `And ${lines.length - 5} more changes.`);
  if (lines.length) $('announce').textContent = lines.join(' ');
}

// The countdowns: against the as-of instant when one is chosen, else this computer's clock.
function tick() {
  if (!state.assessment) return;
  const fixed = $('as-of').value ? Date.parse(state.assessment.as_of) : null;
  const now = fixed ?? Date.now();
  for (const node of document.querySelectorAll('[data-due]')) {
    const left = (Date.parse(node.dataset.due) - now) / 1000;
    node.textContent = left >= 0 ? `${span(left)} left` : `OVERDUE by ${span(left)}`;
    node.classList.toggle('overdue', left < 0);
  }
}
setInterval(tick, 1000);

export function showTimeline(svg, doc) {
  if (state.svgUrl) URL.revokeObjectURL(state.svgUrl);
  state.svgUrl = URL.createObjectURL(svg);
  const img = $('timeline-img');
  const timed = doc.obligations.filter((o) => o.status !== 'not_required' && o.deadline.due);
  const said = timed.slice(0, 10).map((o) => `${o.title}, ${STATUS[o.status]}, due ${fmt(o.deadline.due, o.deadline.zone)}`);
  if (timed.length > 10) said.push(`and ${timed.length - 10} more (listed under Duties)`);
  img.alt = timed.length ? `Timeline of the deadlines, soonest first: ${said.join('; ')}.`
    : 'Timeline: no duty that applies or may apply has a due instant yet.';
  img.src = state.svgUrl;
  img.hidden = false;
  $('timeline-cap').textContent = `The incident's events and the duties' deadlines, as of ${fmt(doc.as_of, doc.incident.zone)}.`;
}
