// The dose-response page: calls /api/dose-response and shows the figure, the EC50/IC50 table and the downloads.
"use strict";

const D = (id) => document.getElementById(id);

// the heading of one problem: the page runs curves built from its fields, not a protocol the user wrote
const DOSE_PROBLEM = "The curves cannot be run:";
// the box each field of the request is chosen or typed in (a problem is shown under it too)
const DOSE_FIELD = il6.fieldsById({cell: "d-cell", readout: "d-readout", time: "d-time", parameter_set: "d-params"});

// a cell's or readout's description cut to fit the dropdown, with an ellipsis where it was cut
function brief(text, limit = 60) {
  return text.length <= limit ? text : text.slice(0, limit - 1).trimEnd() + "…";
}

async function runCurves() {
  const btn = D("dose-run"), err = D("d-error"), status = D("d-status");
  btn.disabled = true;
  err.hidden = true;
  il6.clearFieldProblems();
  const t0 = performance.now();
  il6.busy(status, "running 7 curves of 22 doses…");
  const res = D("d-results");
  il6.markStale(res);
  const body = {cell: D("d-cell").value, readout: D("d-readout").value, time: D("d-time").value,
                parameter_set: D("d-params").value};
  const r = await il6.api("/api/dose-response", body);
  btn.disabled = false;
  il6.markFresh(res);
  if (!r.ok) {
    il6.idle(status);
    res.hidden = true;
    il6.showProblems(err, r.data, DOSE_PROBLEM, DOSE_FIELD);
    return;
  }
  il6.showDone(status, t0, "d-results", "d-title");
  show(r.data);
}

function show(d) {
  const values = d.parameter_set === "default" ? "model defaults" : "parameter set '" + d.parameter_set + "'";
  const shown = d.readout_label || d.readout;  // 'SOCS3 mRNA', as the figure names it
  D("d-title").textContent = shown + " at " + d.time + " in " + d.cell + " (" + values + ")";
  const note = D("d-note");
  note.hidden = !(d.note || d.caveat);
  note.textContent = [d.note ? "Computed with the '" + d.parameter_set + "' parameter set on top of the cell, not " +
    "the model's default values." : "", d.caveat ? "Note: " + d.caveat + "." : ""].join(" ").trim();
  // downloads are named after what was run: dose_response_huvec_pSTAT3_30_min.csv, .png, ...
  const stem = il6.fileStem(["dose_response", d.cell, d.readout, d.time].join("_") +
    (d.parameter_set === "default" ? "" : "_" + d.parameter_set), "dose_response");
  const fig = D("d-figure");
  fig.textContent = "";
  const names = (kind) => d.curves.filter((c) => c.kind === kind).map((c) => c.curve).join(", ");
  // the answer carries the PNG only; the SVG is drawn when its link is clicked, for the request that was run
  const svg = {path: "/api/dose-response/figure", body: {cell: d.cell, readout: d.readout, time: d.time,
                                                          parameter_set: d.parameter_set, format: "svg"},
               heading: "The figure cannot be drawn:"};
  il6.figure(fig, d.figure, stem, "dose-response curves of " + shown + " at " + d.time + " in " + d.cell +
    ": agonists " + names("agonist") + " (EC50); inhibitors " + names("inhibitor") + " (IC50)", "dose-figure",
    svg, D("d-error"));
  const rows = d.curves.map((c) => ({
    curve: c.curve, measure: c.measure, "molar concentration": c.value_text,
    "mass concentration": c.value_mass_text || "–",
    "Hill slope": c.hill_slope === null ? "–" : c.hill_slope.toFixed(2), note: c.note}));  // as il6sim prints it
  const table = D("d-table");
  table.textContent = "";
  const t = il6.table(["curve", "measure", "molar concentration", "mass concentration", "Hill slope", "note"], rows,
    ["curve", "measure", "note"]);
  t.dataset.testid = "dose-table";
  table.appendChild(t);
  const dl = D("d-downloads");
  dl.textContent = "";
  dl.append("Download: ");
  dl.appendChild(il6.downloadLink("EC50/IC50 table (CSV)", stem + ".csv", d.csv, "text/csv"));
  dl.appendChild(il6.downloadLink("every dose and response (CSV)", stem + "_points.csv", d.points_csv, "text/csv"));
  dl.appendChild(il6.downloadLink("provenance (JSON)", stem + "_provenance.json",
    JSON.stringify(d.provenance, null, 2) + "\n", "application/json"));
  D("d-results").hidden = false;
}

async function init() {
  const r = await il6.api("/api/presets");
  if (!r.ok) { il6.showProblems(D("d-error"), r.data, "The presets cannot be loaded:"); return; }
  const cells = D("d-cell"), readouts = D("d-readout");
  for (const c of r.data.cells.filter((x) => x.name !== "none")) {  // 'none' is a cell-free mix: nothing responds
    cells.appendChild(il6.el("option", {value: c.name}, c.name + " — " + brief(c.description)));
  }
  cells.value = "huvec";
  for (const o of r.data.observables) {
    readouts.appendChild(il6.el("option", {value: o.name}, o.name + " — " + brief(o.description, 48)));
  }
  readouts.value = "pSTAT3";
  const btn = D("dose-run");
  btn.addEventListener("click", runCurves);
  il6.submitOnEnter(D("d-query"), btn);
  btn.disabled = false;
  btn.removeAttribute("title");
  document.body.dataset.ready = "1";
}

init();
