// "Classic or trans in my cells?": calls /api/routes and shows the answer.
"use strict";

const R = {cells: []};
const q = (id) => document.getElementById(id);

function pct(x) { return (x === null || x === undefined || !isFinite(x)) ? "n/a" : Math.round(100 * x) + "%"; }

function shareBar(label, value, color) {
  const row = il6.el("div", {class: "row", style: "flex-wrap:nowrap"});
  const w = (value !== null && isFinite(value)) ? Math.max(0, Math.min(1, value)) * 200 : 0;
  // the bar sits in a track of fixed width, so the bars of all rows start at the same place; the label gives way
  // on a narrow screen (it wraps)
  const track = il6.el("span", {style: "flex:none;width:200px"});
  track.appendChild(il6.el("span", {class: "bar", style: "width:" + w + "px;background:" + color}));
  row.append(il6.el("span", {style: "flex:0 1 16rem;min-width:0"}, label), track,
    il6.el("span", {style: "flex:none"}, pct(value)));
  return row;
}

function placeholders() {
  const c = R.cells.find((x) => x.name === q("q-cell").value);
  q("q-il6r").placeholder = c ? String(c.IL6R_per_cell) : "";
  q("q-gp130").placeholder = c ? String(c.gp130_per_cell) : "";
}

// the heading of one problem: the page answers a question (its protocol is built here, not written by the user)
const ASK_PROBLEM = "The question cannot be answered:";
// the box each field of the request is typed into (a problem is shown under it too)
const AT_FIELD = il6.fieldsById({cell: "q-cell", IL6R_per_cell: "q-il6r", gp130_per_cell: "q-gp130", il6: "q-il6",
                                 sil6r: "q-sil6r"});

async function ask() {
  const err = q("q-error"), btn = q("routes-run");
  err.hidden = true;
  il6.clearFieldProblems();
  // a number box holding what the browser cannot read as a number reads as empty: say so, not answer for the preset
  const bad = [["q-il6r", "IL6R_per_cell"], ["q-gp130", "gp130_per_cell"]].filter(([id]) => q(id).validity.badInput);
  if (bad.length) {
    q("answer").hidden = true;
    il6.showProblems(err, {problems: bad.map(([, key]) => ({where: key,
      message: "expected a number of receptors per cell (what is typed is not a number)"}))}, ASK_PROBLEM, AT_FIELD);
    return;
  }
  btn.disabled = true;
  const t0 = performance.now(), answer = q("answer");
  il6.busy(q("q-status"), "simulating…");
  il6.markStale(answer);
  const body = {cell: q("q-cell").value, il6: q("q-il6").value, sil6r: q("q-sil6r").value};
  if (q("q-il6r").value.trim()) body.IL6R_per_cell = q("q-il6r").value.trim();
  if (q("q-gp130").value.trim()) body.gp130_per_cell = q("q-gp130").value.trim();
  const r = await il6.api("/api/routes", body);
  btn.disabled = false;
  il6.markFresh(answer);
  il6.idle(q("q-status"));
  if (!r.ok) { answer.hidden = true; il6.showProblems(err, r.data, ASK_PROBLEM, AT_FIELD); return; }
  show(r.data);
  il6.showDone(q("q-status"), t0, "answer", "a-verdict");
}

// a receptor count as the map's key writes it (12,087): to 4 digits it read 12090 beside the key's 12,087
function count(v) {
  return typeof v === "number" && isFinite(v) ? v.toLocaleString("en-US", {maximumFractionDigits: 3}) : il6.fmt(v);
}

function show(d) {
  q("a-verdict").textContent = d.verdict;
  q("a-cell").textContent = "Cell: " + d.cell + " with " + count(d.IL6R_per_cell) + " IL-6R and " +
    count(d.gp130_per_cell) + " gp130 per cell (IL-6R:gp130 = " + il6.fmt(d.il6r_gp130_ratio, 3) + ").";
  const sh = q("a-shares");
  sh.textContent = "";
  sh.appendChild(il6.el("h3", {}, "Signalling units (receptor complexes), 0-2 h"));
  sh.appendChild(shareBar("classic (IL-6 on membrane IL-6R)", d.units.classic_share, "#1f77b4"));
  sh.appendChild(shareBar("trans (IL-6:sIL-6R or Hyper-IL-6)", d.units.trans_share, "#d62728"));
  sh.appendChild(il6.el("h3", {}, "pSTAT3 with one route switched off"));
  sh.appendChild(shareBar("classic alone gives", d.pstat3.classic_only_share, "#1f77b4"));
  sh.appendChild(shareBar("trans alone gives", d.pstat3.trans_only_share, "#d62728"));
  sh.appendChild(il6.el("p", {class: "hint"}, d.pstat3.what));
  q("a-fc").textContent = d.sgp130fc_reading;
  const ex = q("a-experiments");
  ex.textContent = "";
  const p30 = "pSTAT3 at 30 min (" + d.experiments_unit + ")";  // the unit in words, as the server gives it
  const rows = d.experiments.map((e) => ({experiment: e.experiment, "what it tells": e.tells,
    [p30]: e.pSTAT3_30min, "fold change": e.fold_change_30min, "vs stimulus": pct(e.auc_vs_stimulus)}));
  const wide = il6.el("div", {class: "scroll-x"});
  wide.appendChild(il6.table(["experiment", "what it tells", p30, "fold change", "vs stimulus"], rows,
    ["experiment", "what it tells"]));
  ex.appendChild(wide);
  q("a-experiments-note").textContent = d.experiments_note;
  const m = q("a-map");
  m.textContent = "";
  const stem = il6.fileStem(d.cell, "cell");  // downloads for several cells are told apart by the cell's name
  il6.figure(m, d.map, "receptor_map_" + stem, "IL-6R:gp130 map with the cell marked", "routes-map");
  q("a-map-note").textContent = d.map_note;
  const dl = q("a-downloads");
  dl.textContent = "";
  dl.append("Download: ");
  dl.appendChild(il6.downloadLink("the experiments' table (CSV)", "classic_or_trans_" + stem + ".csv", d.csv,
    "text/csv"));
  dl.appendChild(il6.el("br"));
  dl.append("Run it yourself: ");
  dl.appendChild(il6.downloadLink("these experiments as a protocol (JSON, also valid YAML)", "classic_or_trans_" + stem + ".yaml",
    JSON.stringify(d.protocol, null, 1), "application/yaml"));
  q("answer").hidden = false;
}

// a cell's description cut to fit the dropdown, with an ellipsis where it was cut
function brief(text, limit = 60) {
  return text.length <= limit ? text : text.slice(0, limit - 1).trimEnd() + "…";
}

async function init() {
  const r = await il6.api("/api/presets");
  if (!r.ok) { il6.showProblems(q("q-error"), r.data, "The presets cannot be loaded:"); return; }
  R.cells = r.data.cells.filter((c) => c.name !== "none");
  const sel = q("q-cell");
  for (const c of R.cells) sel.appendChild(il6.el("option", {value: c.name}, c.name + " — " + brief(c.description)));
  sel.value = "huvec_zegeye2018";
  placeholders();
  sel.addEventListener("change", placeholders);
  const btn = q("routes-run");
  btn.addEventListener("click", ask);
  il6.submitOnEnter(q("query"), btn);
  btn.disabled = false;  // a click before the presets came would ask for no cell
  btn.removeAttribute("title");
}

init();
