// Shared helpers of the il6sim pages: JSON API calls, problem lists, downloads, tables.
"use strict";

const il6 = {
  async api(path, body) {
    const opts = body === undefined ? {} : {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
    let resp;
    try {
      resp = await fetch(path, opts);
    } catch (e) {
      return {ok: false, status: 0, data: {problems: [{where: "connection", message: "the server cannot be reached (" + e + ")"}]}};
    }
    let data;
    try {
      data = await resp.json();
    } catch (e) {
      data = {problems: [{where: "server", message: "HTTP " + resp.status + " (no JSON answer)"}]};
    }
    return {ok: resp.ok, status: resp.status, data: data};
  },

  // heading: what could not be done, for one problem (the lab page analyses a table, not a protocol);
  // locate(problem): the form control the problem is about ({control, label}), or null: that control is marked
  // (red outline, aria-invalid), the problem is repeated right below the control's row, and its line in the list
  // is a link that moves the focus to the control
  showProblems(el, data, heading, locate) {
    const probs = (data && data.problems) || [{where: "", message: "unknown error"}];
    el.textContent = "";
    il6.clearFieldProblems();
    const head = document.createElement("strong");
    head.textContent = probs.length === 1 ? (heading || "The protocol cannot be run:") : probs.length + " problems:";
    if (probs.length === 1 && probs[0].where === "server") head.textContent = "The server could not answer:";
    el.appendChild(head);
    const ul = document.createElement("ul");
    for (const p of probs) {
      const li = document.createElement("li");
      let text = (p.where ? p.where + ": " : "") + p.message;
      const at = locate ? locate(p) : null;
      if (at && at.control && at.control.offsetParent !== null) {
        // the box's name before the message, unless the message starts with it ("sIL-6R dose: '25' has no unit")
        const named = !at.label || p.message.toLowerCase().startsWith(at.label.toLowerCase());
        const shown = (named ? "" : at.label + ": ") + p.message;
        const control = il6.markField(at.control, shown, at.row);
        // a form field's API name ("IL6R_per_cell") reads as the box's label in the list too; a path into a
        // protocol ("groups.trans.steps[1].dose") is kept: it tells apart boxes with the same label
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.where || "") && at.label) text = shown;
        const a = il6.el("a", {href: "#" + control.id}, text);
        a.addEventListener("click", (ev) => {
          ev.preventDefault();
          control.scrollIntoView({block: "center"});
          control.focus();
        });
        li.appendChild(a);
      } else {
        li.textContent = text;
      }
      ul.appendChild(li);
    }
    el.appendChild(ul);
    el.hidden = false;
    // the list may sit below the window (a long form above the button): bring it into view
    const box = el.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({block: "nearest"});
  },

  fieldIds: 0,

  // mark `control` as holding a problem: outlined, aria-invalid, `message` shown after `row` (default: the control's
  // own row) and read out with the control; undone when the control is edited or by clearFieldProblems
  markField(control, message, row) {
    if (!control.id) control.id = "field-" + (++il6.fieldIds);
    const anchor = row || control.closest(".step, .row, .obs") || control;
    const msg = il6.el("p", {class: "field-msg", id: "field-msg-" + (++il6.fieldIds)}, message);
    let after = anchor;  // several problems of one row: in the order of the list
    while (after.nextElementSibling && after.nextElementSibling.classList.contains("field-msg")) {
      after = after.nextElementSibling;
    }
    after.after(msg);
    control.setAttribute("aria-invalid", "true");
    const ids = (control.dataset.problemMsgs || "").split(" ").filter((x) => x);
    ids.push(msg.id);
    control.dataset.problemMsgs = ids.join(" ");
    control.setAttribute("aria-describedby", ids.join(" "));
    if (!control.dataset.problemWatch) {
      control.dataset.problemWatch = "1";
      const undo = () => il6.clearField(control);
      control.addEventListener("input", undo);
      control.addEventListener("change", undo);
    }
    return control;
  },

  clearField(control) {
    for (const id of (control.dataset.problemMsgs || "").split(" ").filter((x) => x)) {
      const m = document.getElementById(id);
      if (m) m.remove();
    }
    delete control.dataset.problemMsgs;
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-describedby");
  },

  clearFieldProblems() {
    for (const c of document.querySelectorAll("[data-problem-msgs]")) il6.clearField(c);
    for (const m of document.querySelectorAll(".field-msg")) m.remove();
  },

  // a locate function for showProblems from {problem's where: control id}: the control's label names it
  fieldsById(ids) {
    return (p) => {
      const id = ids[p.where];
      const control = id && document.getElementById(id);
      if (!control) return null;
      const label = control.labels && control.labels.length ? control.labels[0].textContent.trim() : "";
      return {control: control, label: label};
    };
  },

  // a link that downloads text or base64 data
  downloadLink(label, filename, content, mime, base64) {
    const a = document.createElement("a");
    let blob;
    if (base64) {
      const bin = atob(content);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      blob = new Blob([bytes], {type: mime});
    } else {
      blob = new Blob([content], {type: mime});
    }
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    a.textContent = label;
    return a;
  },

  // a link that asks the server for a file (POST body) and downloads the answer; a problem is shown in errorEl
  // under heading (showProblems' default when not given)
  fetchLink(label, filename, path, body, errorEl, heading) {
    const a = document.createElement("a");
    a.href = "#";
    a.textContent = label;
    a.addEventListener("click", async (ev) => {
      ev.preventDefault();
      if (a.getAttribute("aria-busy") === "true") return;  // already on its way
      // the file is drawn on the server (a second or more): the link says so until it is saved
      a.setAttribute("aria-busy", "true");
      a.textContent = label + " (preparing…)";
      let resp;
      try {
        resp = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
                                  body: JSON.stringify(body)});
      } catch (e) {
        resp = null;
        if (errorEl) il6.showProblems(errorEl, {problems: [{where: "connection", message: "the server cannot be reached (" + e + ")"}]}, heading);
      } finally {
        a.removeAttribute("aria-busy");
        a.textContent = label;
      }
      if (!resp) return;
      if (!resp.ok) {
        let data;
        try { data = await resp.json(); } catch (e) { data = {problems: [{where: "server", message: "HTTP " + resp.status}]}; }
        if (errorEl) il6.showProblems(errorEl, data, heading);
        return;
      }
      const url = URL.createObjectURL(await resp.blob());
      const tmp = document.createElement("a");
      tmp.href = url;
      tmp.download = filename;
      document.body.appendChild(tmp);
      tmp.click();
      tmp.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
    return a;
  },

  // a figure ({png: base64[, svg: text]}) with PNG/SVG downloads; svgRequest: {path, body[, heading]} when the SVG is
  // drawn on demand (heading: what a problem's list says could not be done)
  figure(parent, fig, stem, alt, testid, svgRequest, errorEl) {
    const wrap = document.createElement("div");
    const box = document.createElement("div");
    box.className = "figure";
    const img = document.createElement("img");
    il6.keepReadable(img);
    img.src = "data:image/png;base64," + fig.png;
    img.alt = alt;
    if (testid) img.dataset.testid = testid;
    box.appendChild(img);
    wrap.appendChild(box);
    const dl = document.createElement("div");
    dl.className = "downloads";
    dl.appendChild(il6.downloadLink("PNG", stem + ".png", fig.png, "image/png", true));
    if (fig.svg) dl.appendChild(il6.downloadLink("SVG", stem + ".svg", fig.svg, "image/svg+xml", false));
    else if (svgRequest) {
      dl.appendChild(il6.fetchLink("SVG", stem + ".svg", svgRequest.path, svgRequest.body, errorEl, svgRequest.heading));
    }
    wrap.appendChild(dl);
    parent.appendChild(wrap);
    return img;
  },

  // a figure is shown at no less than READABLE of the size it was drawn at (its smallest labels, 8 pt at 90-110
  // dpi, would shrink below 8 px), nor narrower than 640 px; where the column is narrower it scrolls in its box
  keepReadable(img) {
    img.addEventListener("load", () => {
      const w = img.naturalWidth;
      if (w) img.style.minWidth = Math.min(w, Math.max(640, Math.round(il6.READABLE * w))) + "px";
    });
  },

  READABLE: 0.75,

  fmt(v, digits) {
    if (v === null || v === undefined || (typeof v === "number" && !isFinite(v))) return "n/a";
    if (typeof v !== "number") return String(v);
    return Number(v.toPrecision(digits || 4)).toString();
  },

  // textCols: the columns of text (left-aligned); one holding a sentence is kept wide enough to read ("long"),
  // as a narrow screen would squeeze it to a word per line
  table(columns, rows, textCols) {
    const t = document.createElement("table");
    t.className = "tidy";
    const cls = {};
    for (const c of textCols || []) {
      cls[c] = rows.some((r) => il6.fmt(r[c]).length > il6.LONG_TEXT) ? "t long" : "t";
    }
    const tr = document.createElement("tr");
    for (const c of columns) {
      const th = document.createElement("th");
      th.textContent = c;
      if (cls[c]) th.className = cls[c];
      tr.appendChild(th);
    }
    t.appendChild(tr);
    for (const r of rows) {
      const row = document.createElement("tr");
      for (const c of columns) {
        const td = document.createElement("td");
        td.textContent = il6.fmt(r[c]);
        if (cls[c]) td.className = cls[c];
        row.appendChild(td);
      }
      t.appendChild(row);
    }
    return t;
  },

  // a text column with a value longer than this (characters) is a "long" one
  LONG_TEXT: 24,

  // Enter in a text or number box of `container` presses `button`, as in a form
  submitOnEnter(container, button) {
    container.addEventListener("keydown", (ev) => {
      const t = ev.target;
      if (ev.key === "Enter" && t.tagName === "INPUT" && ["text", "number"].includes(t.type) && !button.disabled) {
        ev.preventDefault();
        button.click();
      }
    });
  },

  // a file name stem from a protocol, cell or upload name: letters, digits, '.', '-' and '_' only (at most 60),
  // so that downloads from several runs are told apart ("table.csv", "table (1).csv" are not)
  fileStem(name, fallback) {
    const stem = String(name || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+|[._-]+$/g, "").slice(0, 60).replace(/[._-]+$/, "");
    return stem || fallback;
  },

  // while a run is going, the results of the previous one stay on the page, greyed out and marked busy
  markStale(res) {
    if (!res.hidden) { res.classList.add("stale"); res.setAttribute("aria-busy", "true"); }
  },

  markFresh(res) {
    res.classList.remove("stale");
    res.removeAttribute("aria-busy");
  },

  // a run under way: the status says what is running and, from the second second on, for how long ("running…
  // 12 s"), so that a long run is seen to be going; the seconds are not read out (a live region would say each one)
  busy(status, text) {
    il6.idle(status);
    status.textContent = text;
    const t0 = performance.now();
    const secs = il6.el("span", {class: "elapsed", "aria-hidden": "true", "data-testid": "elapsed"});
    status.appendChild(secs);
    status.dataset.timer = String(setInterval(() => {
      const s = Math.floor((performance.now() - t0) / 1000);
      if (s >= 1) secs.textContent = " " + s + " s";
    }, 250));
  },

  // the run is over: its seconds stop and the status is emptied (showDone then says how it went)
  idle(status) {
    if (status.dataset.timer) clearInterval(Number(status.dataset.timer));
    delete status.dataset.timer;
    status.textContent = "";
  },

  // the results start below the form, often out of sight: the status says how long the run took and links
  // to the results (its heading is scrolled to the top)
  showDone(status, t0, resultsId, headingId) {
    il6.idle(status);
    status.textContent = "done in " + ((performance.now() - t0) / 1000).toFixed(1) + " s: ";
    const see = il6.el("a", {href: "#" + resultsId}, "see the results below");
    see.addEventListener("click", (ev) => {
      ev.preventDefault();
      document.getElementById(headingId).scrollIntoView({block: "start"});
    });
    status.appendChild(see);
  },

  el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  },
};
