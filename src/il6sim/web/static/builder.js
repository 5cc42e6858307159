// The protocol builder: a form and the YAML editor kept in step; Run calls /api/experiment.
"use strict";

const B = {
  presets: null,
  extra: {},        // keys of the YAML the form does not show (description, notes, ...), kept as they are
  order: [],        // the keys of the protocol in the order its YAML gave them (the form writes them back so)
  cellExtra: {},    // cell keys the form does not show (parameters)
  syncing: false,
  formError: false, // the error box shows a builder problem (cleared once the builder and YAML agree again)
  yamlDirty: false, // the editor holds edits the form does not show yet (e.g. YAML that does not parse)
  duplicates: [],   // group names the form has more than once
  groupIds: 0,      // the last id given to a group-name box (its label points to it)
  formEdits: 0,     // edits made in the form so far (an answer about older YAML must not overwrite a newer edit)
  writing: null,    // the form being written into the editor (a promise: true once it is there)
};

const $ = (id) => document.getElementById(id);

// the controls of a step have no visible labels (the row reads as "0 min add IL-6 10 ng/mL"): each gets an aria-label
function stepRow(step) {
  const row = il6.el("div", {class: "step"});
  const at = il6.el("input", {type: "text", class: "at", title: "time, e.g. 0 min, -45 min, 2 h", "aria-label": "time"});
  at.value = step.at !== undefined ? String(step.at) : "0 min";
  const action = il6.el("select", {class: "action", "aria-label": "action"});
  for (const a of ["add", "wash", "set"]) action.appendChild(il6.el("option", {value: a}, a));
  const agent = il6.el("select", {class: "agent", "aria-label": "agent"});
  for (const a of B.presets.agents) agent.appendChild(il6.el("option", {value: a.name}, a.name));
  const dose = il6.el("input", {type: "text", class: "dose", title: "dose with unit, e.g. 10 ng/mL, 500 pM",
    "aria-label": "dose"});
  const premix = il6.el("input", {type: "text", class: "premix", placeholder: "premix", "aria-label": "premixed for",
    title: "optional pre-incubation, e.g. 30 min: agents added at the same time with the same premixed time " +
           "were pre-incubated together (one tube, no cells) before they were added"});
  const setText = il6.el("input", {type: "text", class: "setp", size: "22", title: "parameter: value",
    "aria-label": "parameter: value"});
  const rm = il6.el("button", {type: "button", class: "small", title: "remove step", "aria-label": "remove step"}, "✕");
  if (step.wash) action.value = "wash";
  else if (step.set) {
    action.value = "set";
    const [k, v] = Object.entries(step.set)[0] || ["", ""];
    setText.value = k + ": " + v;
  } else {
    action.value = "add";
    if (step.add) {
      const known = B.presets.agents.find((a) => a.name.toLowerCase() === String(step.add).toLowerCase() ||
        (a.aliases || []).some((x) => x.toLowerCase() === String(step.add).toLowerCase()));
      agent.value = known ? known.name : step.add;
    }
    dose.value = step.dose !== undefined ? String(step.dose) : "10 ng/mL";
    premix.value = step.premixed !== undefined ? String(step.premixed) : "";
  }
  row.dataset.note = step.note || "";
  const show = () => {
    agent.hidden = dose.hidden = premix.hidden = action.value !== "add";
    setText.hidden = action.value !== "set";
  };
  show();
  action.addEventListener("change", () => { show(); formChanged(); });
  rm.addEventListener("click", () => {
    // the keyboard stays in the group: on the next step's remove button, else the previous one's, else "+ step"
    const next = row.nextElementSibling || row.previousElementSibling;
    const card = row.closest(".group");
    row.remove();
    formChanged();
    const target = next ? next.querySelector("button") : card && card.querySelector(".row button");
    if (target) target.focus();
  });
  row.append(at, action, agent, dose, premix, setText, rm);
  return row;
}

function groupCard(name, steps) {
  const card = il6.el("div", {class: "group"});
  const head = il6.el("div", {class: "row"});
  const gname = il6.el("input", {type: "text", class: "gname", size: "24", id: "group-name-" + (++B.groupIds)});
  gname.value = name;
  const addStep = il6.el("button", {type: "button", class: "small"}, "+ step");
  const rm = il6.el("button", {type: "button", class: "small"}, "remove group");
  const field = il6.el("span", {class: "field"});
  field.append(il6.el("label", {for: gname.id}, "group"), gname);
  // a screen reader hears which group a button acts on ("add a step to group trans"), not one of many "+ step"
  const nameButtons = () => {
    const g = gname.value.trim() || "without a name";
    addStep.setAttribute("aria-label", "add a step to group " + g);
    rm.setAttribute("aria-label", "remove group " + g);
  };
  nameButtons();
  gname.addEventListener("input", nameButtons);
  head.append(field, addStep, rm);
  const list = il6.el("div", {class: "steps"});
  for (const s of steps || []) list.appendChild(stepRow(s));
  addStep.addEventListener("click", () => {
    const row = stepRow({at: "0 min", add: "IL-6", dose: "10 ng/mL"});
    list.appendChild(row);
    formChanged();
    row.querySelector("input").focus();  // the new step's time box, where its line starts
  });
  rm.addEventListener("click", () => {
    // the keyboard goes to the next group's name, else the previous one's, else "+ group" (not back to the top)
    const next = card.nextElementSibling || card.previousElementSibling;
    card.remove();
    formChanged();
    (next ? next.querySelector("input.gname") : $("add-group")).focus();
  });
  card.append(head, list);
  return card;
}

function cellPreset(name) {
  return B.presets.cells.find((c) => c.name === name);
}

function fillForm(p) {
  B.syncing = true;
  il6.clearFieldProblems();  // the boxes they were about are filled anew
  B.order = Object.keys(p);
  B.extra = {};
  for (const [k, v] of Object.entries(p)) {
    if (!["name", "cell", "medium", "groups", "readouts"].includes(k)) B.extra[k] = v;
  }
  $("f-name").value = p.name || "";
  let cell = p.cell;
  B.cellExtra = {};
  let il6r = "", gp = "", ko = "", preset = "huvec";
  if (cell === null || cell === undefined) preset = "none";
  else if (typeof cell === "string") preset = cell;
  else {
    preset = cell.preset || "huvec";
    for (const [k, v] of Object.entries(cell)) {
      if (k === "IL6R_per_cell") il6r = v; else if (k === "gp130_per_cell") gp = v;
      else if (k === "knockout" && (typeof v === "string" || (Array.isArray(v) && v.every((g) => typeof g === "string")))) {
        ko = Array.isArray(v) ? v.join(", ") : v;
      } else if (k !== "preset") B.cellExtra[k] = v;
    }
  }
  $("f-cell").value = preset;
  $("f-il6r").value = il6r; $("f-gp130").value = gp; $("f-knockout").value = ko;
  updatePlaceholders();
  const m = p.medium || {};
  $("f-volume").value = m.volume !== undefined ? m.volume : "";
  $("f-cells").value = m.cells !== undefined ? m.cells : "";
  const groups = $("groups");
  groups.textContent = "";
  for (const [g, steps] of Object.entries(p.groups || {})) {
    groups.appendChild(groupCard(g, Array.isArray(steps) ? steps : (steps ? [steps] : [])));
  }
  const r = p.readouts || {};
  const obs = Array.isArray(r.observables) ? r.observables : (r.observables ? [r.observables] : []);
  for (const box of document.querySelectorAll("#f-observables input")) box.checked = obs.includes(box.value);
  const times = Array.isArray(r.times) ? r.times : (r.times ? [r.times] : []);
  $("f-times").value = times.join(", ");
  B.syncing = false;
}

function updatePlaceholders() {
  const c = cellPreset($("f-cell").value);
  $("f-il6r").placeholder = c ? String(c.IL6R_per_cell) : "";
  $("f-gp130").placeholder = c ? String(c.gp130_per_cell) : "";
}

// a number typed as a plain decimal ("2e5", "0.08") as a number; anything else ("Infinity", "0x10") as the text typed
function numberOrText(v) {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) && isFinite(Number(v)) ? Number(v) : v;
}

// the items of a comma-separated box, as typed: an empty box gives none, but an empty item ("SOCS3,,IL6R") is
// kept, so that the server refuses it by its position instead of the form skipping it
function commaItems(text) {
  return text.trim() ? text.split(",").map((t) => t.trim()) : [];
}

function readForm() {
  const p = {};
  B.duplicates = [];
  const name = $("f-name").value.trim();
  if (name) p.name = name;
  if (B.extra.description !== undefined) p.description = B.extra.description;
  const preset = $("f-cell").value;
  const il6r = $("f-il6r").value.trim(), gp = $("f-gp130").value.trim();
  const ko = commaItems($("f-knockout").value);
  if (!il6r && !gp && !ko.length && Object.keys(B.cellExtra).length === 0) p.cell = preset;
  else {
    p.cell = {preset: preset};
    if (il6r) p.cell.IL6R_per_cell = Number(il6r);
    if (gp) p.cell.gp130_per_cell = Number(gp);
    if (ko.length) p.cell.knockout = ko;
    Object.assign(p.cell, B.cellExtra);
  }
  const vol = $("f-volume").value.trim(), cells = $("f-cells").value.trim();
  if (vol || cells) {
    p.medium = {};
    if (vol) p.medium.volume = vol;
    if (cells) p.medium.cells = numberOrText(cells);
  }
  for (const [k, v] of Object.entries(B.extra)) if (k !== "description") p[k] = v;
  p.groups = {};
  for (const card of document.querySelectorAll("#groups .group")) {
    const gname = card.querySelector(".gname").value;
    if (Object.prototype.hasOwnProperty.call(p.groups, gname)) B.duplicates.push(gname);
    const steps = [];
    for (const row of card.querySelectorAll(".step")) {
      const s = {at: row.querySelector(".at").value.trim()};
      const action = row.querySelector(".action").value;
      if (action === "add") {
        s.add = row.querySelector(".agent").value;
        s.dose = row.querySelector(".dose").value.trim();
        const premixed = row.querySelector(".premix").value.trim();
        if (premixed) s.premixed = premixed;
      }
      else if (action === "wash") s.wash = true;
      else {
        const txt = row.querySelector(".setp").value;
        const i = txt.indexOf(":");
        const k = (i < 0 ? txt : txt.slice(0, i)).trim(), v = i < 0 ? "" : txt.slice(i + 1).trim();
        s.set = {}; s.set[k] = numberOrText(v);
      }
      if (row.dataset.note) s.note = row.dataset.note;
      steps.push(s);
    }
    p.groups[gname] = steps;
  }
  const obs = [...document.querySelectorAll("#f-observables input:checked")].map((b) => b.value);
  const times = commaItems($("f-times").value);
  p.readouts = {};
  if (obs.length) p.readouts.observables = obs;
  if (times.length) p.readouts.times = times;
  return inOrder(p);
}

// the usual order of a protocol file's keys
const KEY_ORDER = ["name", "description", "cell", "medium", "serum_starvation", "groups", "readouts", "references"];

// `p` with its keys in the order of the YAML the form was filled from (references stay at the end, not moved
// above the groups); a key the YAML did not have goes where KEY_ORDER puts it
function inOrder(p) {
  const rank = (k) => { const i = KEY_ORDER.indexOf(k); return i < 0 ? KEY_ORDER.length : i; };
  const keys = B.order.filter((k) => k in p);
  for (const k of Object.keys(p)) {
    if (keys.includes(k)) continue;
    let at = keys.length;
    while (at > 0 && rank(keys[at - 1]) > rank(k)) at--;
    keys.splice(at, 0, k);
  }
  const out = {};
  for (const k of keys) out[k] = p[k];
  return out;
}

let formTimer = null;
// control: the form's box the problem is about (marked, with the message under it)
function formProblem(message, control) {
  il6.showProblems($("error"), {problems: [{where: "builder", message: message}]}, "The builder cannot update the YAML:",
    control ? () => ({control: control, label: ""}) : undefined);
  B.formError = true;
}

function clearFormProblem() {
  if (B.formError) { $("error").hidden = true; B.formError = false; il6.clearFieldProblems(); }
}

function formChanged() {
  if (B.syncing) return;
  B.formEdits++;
  clearTimeout(formTimer);
  formTimer = setTimeout(() => { B.writing = writeYaml().finally(() => { B.writing = null; }); }, 250);
}

// the form written out as YAML into the editor; true once the editor holds it
async function writeYaml() {
  formTimer = null;
  if (B.yamlDirty) {  // never overwrite edits typed into the YAML that the form does not show
    formProblem("the YAML editor has edits the builder does not show yet (the YAML does not read as a protocol); " +
                "fix the YAML and click 'YAML → builder', or undo the edits, before changing the builder");
    return false;
  }
  const bad = [["f-il6r", "IL-6R / cell"], ["f-gp130", "gp130 / cell"]].find(([id]) => $(id).validity.badInput);
  if (bad) {  // the box reads as empty: the YAML would silently fall back to the preset's number
    formProblem(bad[1] + " is not a number (the YAML keeps the last valid version until then)", $(bad[0]));
    return false;
  }
  const p = readForm();
  if (B.duplicates.length) {
    const twin = [...document.querySelectorAll("#groups .gname")].filter((g) => g.value === B.duplicates[0]).pop();
    formProblem("two groups are named '" + B.duplicates[0] + "': give each group its own name (the YAML keeps " +
                "the last valid version until then)", twin);
    return false;
  }
  const r = await il6.api("/api/protocol/yaml", p);
  if (!r.ok) {
    il6.showProblems($("error"), r.data, "The builder cannot update the YAML:");
    B.formError = true;
    return false;
  }
  $("protocol-editor").value = r.data.yaml;
  refreshYamlLink();
  clearFormProblem();
  return true;
}

let yamlTimer = null;
function yamlEdited() {  // keep the form in step with what is typed into the YAML editor
  refreshYamlLink();
  B.yamlDirty = true;
  clearTimeout(yamlTimer);
  yamlTimer = setTimeout(() => yamlToForm(true), 600);
}

async function yamlToForm(quiet) {
  clearTimeout(formTimer);  // the YAML wins over a form edit not yet written out
  formTimer = null;
  clearTimeout(yamlTimer);
  const err = $("error");
  const sent = $("protocol-editor").value, edits = B.formEdits;
  const r = await il6.api("/api/protocol/parse", {yaml: sent});
  // the answer can come late (after a run, the figures keep the workers busy): if the YAML or the form has been
  // edited meanwhile, it is out of date, and the newer edit brings the two in step itself
  if ($("protocol-editor").value !== sent || B.formEdits !== edits) return false;
  if (!r.ok) { if (!quiet) il6.showProblems(err, r.data); return false; }
  if (!quiet) err.hidden = true;
  fillForm(r.data.protocol);
  refreshYamlLink();  // its file name follows the protocol's name
  B.yamlDirty = false;
  clearFormProblem();
  return true;
}

function refreshYamlLink() {
  const span = $("yaml-download");
  span.textContent = "";
  span.appendChild(il6.downloadLink("download YAML", il6.fileStem($("f-name").value.trim(), "protocol") + ".yaml",
    $("protocol-editor").value, "application/yaml"));
}

// a Python-quoted name at the start of `text` ('trans', "it's"): [name, the rest of text], or null
function quotedName(text) {
  const m = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")(.*)$/.exec(text);
  if (!m) return null;
  const raw = m[1] !== undefined ? m[1] : m[2];
  return [raw.replace(/\\(.)/g, "$1"), m[3]];
}

// the builder's box for each place the protocol reader names (after "Your protocol, ")
const FORM_PLACES = {
  "name": ["f-name", "Name"], "cell": ["f-cell", "Cell"], "cell.preset": ["f-cell", "Cell"],
  "cell.IL6R_per_cell": ["f-il6r", "IL-6R / cell"], "cell.gp130_per_cell": ["f-gp130", "gp130 / cell"],
  "cell.knockout": ["f-knockout", "Knockout"], "medium": ["f-volume", "Medium volume"],
  "medium.volume": ["f-volume", "Medium volume"], "medium.cells": ["f-cells", "cells per well"],
  "readouts.times": ["f-times", "Times"],
};

// the box of a step a problem is about, from the start of its message ("dose must be …", "at: …")
function stepControl(row, message) {
  const pick = (cls) => row.querySelector(cls);
  if (/^(missing )?dose\b/.test(message)) return [pick(".dose"), "dose"];
  if (/^at\b|^missing 'at'/.test(message)) return [pick(".at"), "time"];
  if (/^premixed\b/.test(message)) return [pick(".premix"), "premixed for"];
  if (/^unknown agent\b/.test(message)) return [pick(".agent"), "agent"];
  if (/^set\b/.test(message)) return [pick(".setp"), "parameter: value"];
  return [pick(".action"), "step"];
}

// the form's box a problem of the run is about, when the form shows the protocol that was run
function locateProblem(p) {
  if (B.yamlDirty) return null;  // the form shows an older protocol than the editor's
  // the editor's protocol is "Your protocol, PLACE" (another's, as the protocol reader names it: "Protocol 'NAME', PLACE")
  const own = /^Your protocol(.*)$/.exec(p.where || "");
  const m = own ? null : /^Protocol (.*)$/.exec(p.where || "");
  const q = own ? ["", own[1]] : m && quotedName(m[1]);
  if (!q || !q[1].startsWith(", ")) return null;
  const place = q[1].slice(2);
  if (FORM_PLACES[place]) return {control: $(FORM_PLACES[place][0]), label: FORM_PLACES[place][1]};
  if (place === "readouts" || place === "readouts.observables") {
    return {control: document.querySelector("#f-observables input"), label: "Readouts", row: $("f-observables")};
  }
  if (place === "groups") return {control: $("add-group"), label: "Groups"};
  const g = place.startsWith("group ") && quotedName(place.slice(6));
  if (!g) return null;
  const card = [...document.querySelectorAll("#groups .group")].find((c) => c.querySelector(".gname").value === g[0]);
  if (!card) return null;
  const step = /^, step (\d+)$/.exec(g[1]);
  if (!step) return g[1] ? null : {control: card.querySelector(".gname"), label: "group " + g[0]};
  const row = card.querySelectorAll(".step")[Number(step[1]) - 1];
  if (!row) return null;
  const [control, what] = stepControl(row, p.message);
  return {control: control, label: "group " + g[0] + ", step " + step[1] + " (" + what + ")", row: row};
}

async function run() {
  const btn = $("run-button"), err = $("error"), status = $("status");
  btn.disabled = true;
  // a form edit not yet written into the editor (typed just before Run or Ctrl+Enter) is part of this run; so is
  // one the editor could not take (a receptor box that reads as empty, two groups of one name): its problem is
  // said again and nothing runs, where the editor's last valid YAML would have run under the form's values
  if (formTimer !== null || (B.formError && !B.yamlDirty)) {
    clearTimeout(formTimer);
    B.writing = writeYaml().finally(() => { B.writing = null; });
  }
  if (B.writing && !(await B.writing)) { btn.disabled = false; return; }  // the error box says why
  err.hidden = true;
  il6.clearFieldProblems();
  const t0 = performance.now();
  const text = $("protocol-editor").value;
  const band = $("f-band").checked;
  il6.busy(status, band ? "running the calibrated ensemble…" : "running…");
  const res = $("results");
  il6.markStale(res);
  const r = await il6.api("/api/experiment", {yaml: text, figures: ["western_blot"], uncertainty: band});
  btn.disabled = false;
  il6.markFresh(res);
  if (!r.ok) {
    il6.idle(status);
    res.hidden = true;
    il6.showProblems(err, r.data, undefined, locateProblem);
    return;
  }
  il6.showDone(status, t0, "results", "res-title");
  // the protocol that ran, for the lab page: an edit made while it ran has not run
  try { localStorage.setItem("il6sim-protocol", text); } catch (e) { /* private mode */ }
  showResults(r.data, text, band);
  if (B.yamlDirty && $("protocol-editor").value === text) yamlToForm(true);  // the form does not show this YAML yet
}

// a figure drawn by the server (POST /api/figure, PNG), shown when it arrives; the page does not wait for it
async function lateFigure(parent, title, text, name, stem, alt, band) {
  parent.appendChild(il6.el("h3", {}, title));
  const wait = il6.el("p", {class: "status", role: "status"}, "drawing…");
  parent.appendChild(wait);
  let resp;
  try {
    resp = await fetch("/api/figure", {method: "POST", headers: {"Content-Type": "application/json"},
                                        body: JSON.stringify({yaml: text, figure: name, format: "png", uncertainty: band})});
  } catch (e) { wait.textContent = "could not draw the figure (" + e + ")"; return; }
  if (!resp.ok) {
    let data;
    try { data = await resp.json(); } catch (e) { data = {problems: [{message: "HTTP " + resp.status}]}; }
    wait.textContent = "could not draw the figure: " + ((data.problems || [{}])[0].message || resp.status);
    return;
  }
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  wait.remove();
  const img = il6.el("img", {alt: alt});
  il6.keepReadable(img);
  img.src = url;
  img.dataset.testid = name.replace("_", "-") + "-figure";
  const box = il6.el("div", {class: "figure"});
  box.appendChild(img);
  parent.appendChild(box);
  const dl = il6.el("div", {class: "downloads"});
  const png = il6.el("a", {href: url, download: stem + ".png"}, "PNG");
  dl.appendChild(png);
  dl.appendChild(il6.fetchLink("SVG", stem + ".svg", "/api/figure", {yaml: text, figure: name, format: "svg", uncertainty: band},
    $("error")));
  parent.appendChild(dl);
}

// the readouts drawn as blot rows (report/plots.py WESTERN_DEFAULT), in the order of the readouts
const BLOT_ROWS = ["pSTAT3", "pAkt", "pERK", "pSTAT3_nuclear", "SOCS3"];

// alt text that says what a figure holds: which readouts, in which groups, at which times, in which cell
function describeFigure(kind, d, observables) {
  const list = (xs) => xs.length <= 6 ? xs.join(", ") : xs.slice(0, 6).join(", ") + " and " + (xs.length - 6) + " more";
  const times = d.times_min.map((t) => t + " min");
  return kind + " of " + list(observables) + " in " + list(d.groups) + " (" + d.cell + "), at " + list(times);
}

function showResults(d, text, band) {
  const res = $("results");
  $("res-title").textContent = "Results: " + d.name + " (cell: " + d.cell + ")";
  const dl = $("res-downloads");
  dl.textContent = "";
  dl.append("Download: ");
  // file names start with the protocol's name (with the band: its own names, as its table has more columns)
  const stem = il6.fileStem(d.name, "protocol"), run = stem + (band ? "_band" : "");
  dl.appendChild(il6.downloadLink("table (CSV)", run + "_table.csv", d.csv, "text/csv"));
  dl.appendChild(il6.downloadLink("protocol (YAML)", stem + ".yaml", text, "application/yaml"));
  for (const id of ["res-blot", "res-qpcr", "res-tc", "res-table"]) $(id).textContent = "";
  const f = d.figures;
  if (f.western_blot) {
    $("res-blot").appendChild(il6.el("h3", {}, "Virtual Western blot"));
    il6.figure($("res-blot"), f.western_blot, run + "_western_blot",
      describeFigure("virtual Western blot", d, d.observables.filter((o) => BLOT_ROWS.includes(o))), "western-blot",
      {path: "/api/figure", body: {yaml: text, figure: "western_blot", format: "svg", uncertainty: band}}, $("error"));
  } else {
    $("res-blot").appendChild(il6.el("p", {class: "hint", "data-testid": "western-blot"},
      "No blot: the protocol reads no phospho-protein (add pSTAT3, pAkt or pERK to the readouts)."));
  }
  if (d.observables.some((o) => o.endsWith("_mRNA"))) {
    lateFigure($("res-qpcr"), "qPCR: fold change vs untreated", text, "qpcr", run + "_qpcr_fold_change",
      describeFigure("qPCR fold-change bars vs untreated", d, d.observables.filter((o) => o.endsWith("_mRNA"))), band);
  }
  lateFigure($("res-tc"), d.band ? "Time courses with the prediction band" : "Time courses", text, "timecourses",
    run + "_timecourses",
    describeFigure(d.band ? "time courses with the 95 % prediction band" : "time courses", d, d.observables), band);
  const cols = ["group", "observable", "time_min", "value", "unit", "fold_change"];
  const note = $("res-band");
  if (d.band) {
    cols.push("lower", "upper");
    // the command in one piece: as plain text the line broke inside it ("il6sim run --" / "uncertainty")
    note.textContent = "Prediction band: value = the '" + d.band.parameter_set + "' parameter set (not the model's " +
      "default values); lower/upper = 2.5/97.5 percentiles over " + d.band.members + " members of its ensemble" +
      (d.band.failed ? " (" + d.band.failed + " failed to simulate)" : "") + "; the web app runs at most " +
      d.band.max_members + " (";
    note.append(il6.el("code", {class: "nowrap"}, "il6sim run --uncertainty"),
      " runs them all)." + (d.band.caveat ? " Note: " + d.band.caveat + "." : ""));
    note.hidden = false;
  } else {
    note.textContent = "";
    note.hidden = true;
  }
  // the server gives each unit in words ("fraction of total STAT3"), as in the downloaded table.csv
  $("res-table").appendChild(il6.table(cols, d.records, ["group", "observable", "unit"]));
  res.hidden = false;
}

async function loadSeed(name) {
  clearTimeout(formTimer);
  formTimer = null;
  const r = await il6.api("/api/protocols/" + encodeURIComponent(name));
  if (!r.ok) { il6.showProblems($("error"), r.data); return; }
  $("protocol-editor").value = r.data.yaml;
  refreshYamlLink();
  await yamlToForm(false);
}

async function init() {
  const [pr, sp] = await Promise.all([il6.api("/api/presets"), il6.api("/api/protocols")]);
  B.presets = pr.data;
  const cellSel = $("f-cell");
  for (const c of B.presets.cells) cellSel.appendChild(il6.el("option", {value: c.name}, c.name));
  const obsBox = $("f-observables");
  for (const o of B.presets.observables) {
    const lab = il6.el("label", {title: o.description});
    const box = il6.el("input", {type: "checkbox", value: o.name});
    lab.append(box, " " + o.name);
    obsBox.appendChild(lab);
  }
  const seeds = $("seeds");
  for (const s of sp.data.protocols) {
    const b = il6.el("button", {type: "button", title: s.title, "data-seed": s.name}, s.name);
    b.addEventListener("click", () => loadSeed(s.name));
    seeds.appendChild(b);
  }
  $("builder").addEventListener("input", formChanged);
  $("builder").addEventListener("change", (e) => { if (e.target.id === "f-cell") updatePlaceholders(); formChanged(); });
  $("add-group").addEventListener("click", () => {
    const card = groupCard("group " + (document.querySelectorAll("#groups .group").length + 1),
      [{at: "0 min", add: "IL-6", dose: "10 ng/mL"}]);
    $("groups").appendChild(card);
    formChanged();
    card.querySelector("input.gname").focus();  // the new group's name, to be typed first
  });
  $("to-form").addEventListener("click", () => yamlToForm(false));
  $("run-button").addEventListener("click", run);
  $("protocol-editor").addEventListener("input", yamlEdited);
  refreshYamlLink();
  await yamlToForm(true);
  // the Run button works from here on (a click before the handlers exist would be lost)
  $("run-button").disabled = false;
  $("run-button").title = "Ctrl+Enter runs the protocol from anywhere on the page";
  $("run-button").setAttribute("aria-keyshortcuts", "Control+Enter");
  // Ctrl+Enter (Cmd+Enter on a Mac) runs from the form or the editor: Run sits after the whole form in Tab order
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && !$("run-button").disabled) {
      ev.preventDefault();
      $("run-button").click();
    }
  });
  document.body.dataset.ready = "1";
}

init();
