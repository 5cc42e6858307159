// The lab-data page: reads the file in the browser, sends it (base64) to /api/labdata, shows the plot and table.
"use strict";

const L = (id) => document.getElementById(id);
const HINTS = {
  qpcr: "columns: sample, condition, gene, ct (or Sample Name, Target Name, CT/Cq/Cp; optional time: " +
    "Time (h), Time (min), or time in minutes)",
  densitometry: "columns: sample, condition, target, signal (or lane, protein, intensity; optional blot and " +
    "time: Time (h), Time (min), or time in minutes)",
};

function kind() { return L("k-dens").checked ? "densitometry" : "qpcr"; }

function kindChanged() {
  L("qpcr-opts").hidden = kind() !== "qpcr";
  L("dens-opts").hidden = kind() !== "densitometry";
  L("cols-hint").textContent = HINTS[kind()];
  // the time the model is read at: a typical qPCR and blot time unless the user typed one
  const t = L("l-time");
  if (!t.dataset.typed) t.value = kind() === "qpcr" ? "4 h" : "30 min";
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result.split(",", 2)[1] || "");
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

const TABLE_PROBLEM = "The table cannot be analysed:";
// the box each field of the request is typed into
const FIELD_OF = il6.fieldsById({file: "l-file", filename: "l-file", content_base64: "l-file", kind: "k-qpcr",
  control: "l-control", reference: "l-ref", efficiency: "l-eff", target: "l-target", normaliser: "l-norm",
  protocol: "l-protocol", time: "l-time"});

// a problem's box: by its field, or for a problem with the table ("file 'x.csv'"), by what its message is about
function problemField(p) {
  if (!/^file '/.test(p.where || "")) return FIELD_OF(p);
  const m = p.message;
  const key = /^(reference gene|give at least one reference|no target genes besides)/.test(m) ? "reference" :
    /^(control condition|gene '.*' has no control|blot '.*' has no control)/.test(m) ? "control" :
    /^target '/.test(m) ? "target" : /^(normaliser '|the target and the normaliser)/.test(m) ? "normaliser" : "file";
  const at = FIELD_OF({where: key});
  if (at && key === "file") at.label = p.where;  // which file, which row
  return at;
}

async function analyse() {
  const err = L("l-error");
  err.hidden = true;
  const file = L("l-file").files[0];
  il6.clearFieldProblems();
  if (!file) { il6.showProblems(err, {problems: [{where: "file", message: "choose a file first"}]}, TABLE_PROBLEM, problemField); return; }
  const body = {kind: kind(), filename: file.name, content_base64: await readFile(file), control: L("l-control").value};
  if (kind() === "qpcr") { body.reference = L("l-ref").value; body.efficiency = L("l-eff").value; }
  else { body.target = L("l-target").value; body.normaliser = L("l-norm").value; }
  const p = L("l-protocol").value;
  if (p === "editor") {
    const y = localStorage.getItem("il6sim-protocol");
    if (y) body.protocol = {yaml: y};
  } else if (p) body.protocol = "seed:" + p;
  if (L("l-time").value.trim()) body.time = L("l-time").value.trim();
  L("lab-run").disabled = true;
  il6.busy(L("l-status"), "analysing…");
  const r = await il6.api("/api/labdata", body);
  L("lab-run").disabled = false;
  il6.idle(L("l-status"));
  if (!r.ok) { L("l-results").hidden = true; il6.showProblems(err, r.data, TABLE_PROBLEM, problemField); return; }
  const d = r.data;
  const notes = L("l-notes");
  notes.textContent = "";
  for (const n of d.notes) notes.appendChild(il6.el("li", {}, n));
  L("l-heading").textContent = d.kind === "qpcr" ? "Fold changes (ddCt)" : "Band ratios relative to the control";
  L("l-figure").textContent = "";
  // the alt text says what the plot shows: which table, and the model only where it is drawn
  const overlay = d.records.some((x) => x.model !== null && x.model !== undefined);
  const alt = (d.kind === "qpcr" ? "qPCR fold changes vs " + body.control
                                 : "densitometry: " + body.target + "/" + body.normaliser + " relative to " + body.control) +
    (overlay ? ", measured, with the model's prediction" : ", measured (no model overlay)");
  // downloads are named after the uploaded file: plate3.csv gives plate3_fold_change.csv/.png
  const stem = il6.fileStem(file.name.replace(/\.[^.]*$/, ""), "lab") + "_fold_change";
  il6.figure(L("l-figure"), d.figure, stem, alt, "lab-plot");
  const dl = L("l-downloads");
  dl.textContent = "";
  dl.appendChild(il6.downloadLink("table (CSV)", stem + ".csv", d.csv, "text/csv"));
  const show = d.columns.filter((c) => !c.endsWith("_arith_mean") && !c.endsWith("_sem"));
  L("l-table").textContent = "";
  L("l-table").appendChild(il6.table(show, d.records, ["condition", "gene", "target"]));
  L("l-results").hidden = false;
}

async function init() {
  const r = await il6.api("/api/protocols");
  const sel = L("l-protocol");
  for (const s of r.data.protocols) sel.appendChild(il6.el("option", {value: s.name}, "seed:" + s.name + " — " + s.title));
  sel.value = "sgp130fc_inhibition";
  if (!localStorage.getItem("il6sim-protocol")) sel.querySelector("option[value=editor]").disabled = true;
  for (const b of document.querySelectorAll("input[name=kind]")) b.addEventListener("change", kindChanged);
  kindChanged();
  L("lab-run").addEventListener("click", analyse);
  il6.submitOnEnter(L("l-query"), L("lab-run"));
  L("l-time").addEventListener("input", () => { L("l-time").dataset.typed = "1"; });
}

init();
