"""The lab-data page: fold changes from an uploaded table, plotted, with the model's prediction overlaid.

The analysis is :func:`il6sim.fitting.labdata.qpcr_fold_change` or
:func:`~il6sim.fitting.labdata.densitometry_ratios`; the table is read by
:func:`il6sim.io.labtables.read_lab_table` (CSV/TSV/XLSX, header lines of
instrument exports skipped). The overlay runs the chosen protocol through
:func:`il6sim.protocols.run_protocol` and matches

* a condition to the protocol group of the same name (case and spaces ignored),
* a gene to the observable ``<GENE>_mRNA`` and a blot target to the observable
  of its name (``pSTAT3``, ``pAkt``, ``pERK``; dashes ignored),

and shows the model's value in each group relative to the group of the
control condition, at the readout time of the data (``time_min`` column)
or the chosen time. With a time column, the control group is read at the
time of the control the data were read against (``control_time_min``: the
same time, or the control's one time), as the data's fold change is.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any, Mapping

from ..errors import InputError, Problem
from ..io.tables import neutralise_formulas
from ..validate import comma_items
from .tasks import json_kind

QPCR_COLUMNS = ("sample", "condition", "gene", "ct", "sample name", "group", "treatment", "target", "target name",
                "detector", "cq", "cp", "c t")
BLOT_COLUMNS = ("sample", "condition", "target", "signal", "lane", "group", "treatment", "protein", "antibody", "band",
                "intensity", "volume")
KEYS = ("kind", "filename", "content_base64", "reference", "control", "efficiency", "target", "normaliser",
        "protocol", "time")


#: what each kind of table is told apart by: one of its measurement columns and one of its naming columns
KIND_COLUMNS = {"qpcr": ({"ct", "cq", "cp", "c t"}, {"gene", "target", "target name", "detector"}),
                "densitometry": ({"signal", "intensity", "volume"}, {"target", "protein", "antibody", "band"})}
#: most bars (a condition's gene or target) the page plots: 3,000 took 40 s and a 15 MB answer, 30,000 ran past the
#: request's time limit while its worker went on
MAX_BARS = 200
#: the page's name of each kind (its radio button)
KIND_LABELS = {"qpcr": "qPCR Ct table", "densitometry": "densitometry table"}


def _reads_as(data: bytes, filename: str, kind: str) -> str | None:
    """The other kind of table when the file, refused as ``kind``, has that kind's columns (the wrong one chosen)."""
    from ..io.labtables import read_lab_table

    other = "densitometry" if kind == "qpcr" else "qpcr"
    try:
        cols = {str(c).strip().lower() for c in
                read_lab_table(data, filename, QPCR_COLUMNS if other == "qpcr" else BLOT_COLUMNS).columns}
    except InputError:
        return None
    measures, names = KIND_COLUMNS[other]
    return other if cols & measures and cols & names else None


#: what to send as ``content_base64``, for a message about one that cannot be read
BASE64_REMEDY = "send the file's bytes base64-encoded, e.g. `base64 -w0 FILE` or btoa() of the file's contents"


def _decode_base64(content: str) -> bytes | str:
    """The file's bytes from ``content_base64``, or what is wrong with it (text, for a message).

    Line breaks and spaces are ignored (``base64 FILE`` breaks its output every 76 characters, as MIME does).
    """
    import re

    if re.match(r"data:[^,]{0,200};base64,", content):
        return (f"a data URL ({content[:content.index(',') + 1][:60]!r}...), not base64: send only what follows "
                "'base64,'")
    text = re.sub(r"\s+", "", content)
    bad = re.search(r"[^A-Za-z0-9+/=]", text)
    if bad:
        urlsafe = " (URL-safe base64: write '+' for '-' and '/' for '_')" if bad.group() in "-_" else ""
        return (f"not valid base64: the character {bad.group()!r} at position {bad.start() + 1:,} is not in its "
                f"alphabet (A-Z, a-z, 0-9, +, /){urlsafe}; {BASE64_REMEDY}")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return (f"not valid base64: {len(text):,} characters, which is not a whole number of 4-character groups "
                f"(the end is cut off, or its '=' padding is missing or misplaced); {BASE64_REMEDY}")


def _key(s: str) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def _text(query: Mapping, key: str, problems: list[Problem], *, required: bool = True) -> str:
    v = query.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            problems.append(Problem(key, "missing (required)"))
        return ""
    if not isinstance(v, str):
        problems.append(Problem(key, f"must be text (got {json_kind(v)})"))
        return ""
    return v.strip()


def _model(protocol_src: Any, time_text: str):
    """(protocol, table, time_min) of the overlay's protocol run."""
    from ..protocols import run_protocol
    from ..protocols.parse import MAX_ABS_TIME_MIN
    from ..units import to_minutes
    from .tasks import _load

    protocol = _load(protocol_src, "overlay protocol")
    result = run_protocol(protocol)
    t = None
    if time_text:
        try:
            t = float(to_minutes(time_text, what="readout time"))
        except InputError as exc:  # with what to write after stimulation, in place of the unit reader's example
            said = [p.message.removesuffix(" (write e.g. '30 min' or '2 h')") for p in exc.problems]
            raise InputError([Problem("time", m if "e.g." in m else f"{m} (write the time after stimulation with a "
                                      "unit, e.g. '4 h' or '30 min')") for m in said]) from None
        if t < 0:
            raise InputError("the readout time must not be negative (t = 0 is stimulation; e.g. '1 h')", "time")
        if t > MAX_ABS_TIME_MIN:  # it was taken, and the note named the nearest readout to '5.99994e+06 min'
            days = f"{MAX_ABS_TIME_MIN / 1440:g}"
            raise InputError(f"{time_text} is more than {days} days after stimulation, the longest a protocol runs "
                             f"(write a time within {days} days, e.g. '4 h' or '24 h')", "time")
    return protocol, result.table, t


#: the widest the plot is drawn (inches at 110 dpi): shown at 3/4 of its size or more (il6.keepReadable), wider
#: panels per row went off the right of a 1400 px window (a third gene reached only by scrolling the plot)
MAX_FIGURE_WIDTH_IN = 15.0


def _nearest(times, t: float) -> float:
    return min(times, key=lambda x: abs(x - t))


def analyse(query: Mapping[str, Any]) -> dict:
    """``query``: kind (qpcr | densitometry), filename, content_base64, control, reference (qPCR; comma-separated
    for several) or target and normaliser (densitometry), optional efficiency, protocol (``{"yaml": text}``
    or ``"seed:NAME"``) and time (e.g. ``"1 h"``)."""
    if not isinstance(query, Mapping):
        raise InputError("expected a JSON object", "request")
    problems: list[Problem] = []
    for k in query:
        if k not in KEYS:
            problems.append(Problem("request", f"unknown key {str(k)[:40]!r} (expected: {', '.join(KEYS)})"))
    kind = _text(query, "kind", problems)
    if kind and kind not in ("qpcr", "densitometry"):
        problems.append(Problem("kind", f"must be qpcr or densitometry (got {kind[:40]!r})"))
    filename = _text(query, "filename", problems, required=False) or "upload.csv"
    if query.get("content_base64") == "" and "filename" in query:  # a file of 0 bytes was chosen: not a missing key
        content = ""
        problems.append(Problem(f"file {filename!r}", "table file is empty (expected a header line and rows)"))
    else:
        content = _text(query, "content_base64", problems)
    control = _text(query, "control", problems)
    refs, target, normaliser = [], "", ""
    if kind == "qpcr":
        refs = comma_items(_text(query, "reference", problems), "reference", problems)  # 'a,,b' is refused
    elif kind == "densitometry":
        target = _text(query, "target", problems)
        normaliser = _text(query, "normaliser", problems)
    efficiency = query.get("efficiency")
    if efficiency is None or (isinstance(efficiency, str) and not efficiency.strip()):
        efficiency = 2.0
    try:
        if isinstance(efficiency, bool):  # float(true) is 1, which was then refused as 'got 1'
            raise TypeError
        efficiency = float(efficiency)
    except (TypeError, ValueError, OverflowError):  # its range is checked with the table (qpcr_fold_change)
        got = json_kind(efficiency) if isinstance(efficiency, (bool, list, dict)) else repr(str(efficiency)[:40])
        problems.append(Problem("efficiency", f"must be a number such as 2 (got {got}): the "
                                              "amplification factor per cycle, 2 = 100 %, 1.95 = 95 % efficiency"))
    data = _decode_base64(content) if content else b""
    if isinstance(data, str):
        problems.append(Problem("content_base64", data))
        data = b""
    if problems:
        raise InputError(problems)
    where = f"file {filename!r}"
    try:
        return _analyse(query, kind, data, filename, where, control, refs, efficiency, target, normaliser)
    except InputError as exc:
        other = _reads_as(data, filename, kind) if any(p.where == where for p in exc.problems) else None
        if other is None:
            raise
        remedy = f"; the file looks like a {KIND_LABELS[other]}: choose '{KIND_LABELS[other]}' (kind: {other})"
        raise InputError([Problem(p.where, p.message + remedy) if p.where == where else p
                          for p in exc.problems]) from None


def _analyse(query: Mapping[str, Any], kind: str, data: bytes, filename: str, where: str, control: str,
             refs: list[str], efficiency: float, target: str, normaliser: str) -> dict:
    """:func:`analyse` once the request's settings are read: the table's analysis, plot and overlay."""
    import pandas as pd

    from ..fitting.labdata import densitometry_ratios, qpcr_fold_change
    from ..io.labtables import read_lab_table
    from ..report.labplots import fold_change_figure, replicates_label
    from .figures import encode

    if kind == "qpcr":
        # empty cells as empty text, as `il6sim qpcr FILE` reads them: the analysis names each such row
        df = read_lab_table(data, filename, QPCR_COLUMNS, where=where).fillna("")
        cols = {c.strip().lower() for c in df.columns}
        notes = []
        if not cols & {"condition", "group", "treatment"}:
            name_col = next(c for c in df.columns if c.strip().lower() in ("sample", "sample name"))
            df["condition"] = df[name_col]
            notes.append("The table has no condition column: each sample is its own condition.")
        res = qpcr_fold_change(df, reference=refs, control=control, efficiency=efficiency, where=where)
        summary = res.summary
        what = "gene"
        measured = summary["fold_change"]
        low, high = summary["ci95_low"], summary["ci95_high"]
        ylabel = "fold change vs control (ddCt)"
        title = f"qPCR: fold change vs {control} (reference: {', '.join(refs)})"
    else:
        df = read_lab_table(data, filename, BLOT_COLUMNS, where=where).fillna("")
        res = densitometry_ratios(df, target=target, normaliser=normaliser, control=control, where=where)
        summary = res.summary.copy()
        summary["target"] = target
        what = "target"
        measured = summary["geometric_mean"].where(summary["geometric_mean"].notna(), summary["mean"])
        low, high = summary["ci95_low"], summary["ci95_high"]
        ylabel = f"{target}/{normaliser}, relative to {control}"
        title = f"Densitometry: {target}/{normaliser} relative to {control}"
        notes = []
    if res.time is not None and res.time.note():  # how the time column was read: minutes when it gives no unit
        notes.append(f"Time: {res.time.note()}.")
    if len(summary) > MAX_BARS:
        raise InputError(f"{len(summary):,} bars ({what}s in each condition) are too many for the page's plot (at "
                         f"most {MAX_BARS}): split the table, or analyse it with `il6sim {kind} FILE`", where)
    measured_label = replicates_label("measured (geometric mean, 95 % CI)", summary["n"])

    model = None
    model_label = "model"
    src = query.get("protocol")
    if src is not None and src != "":  # no overlay; [], 0 or false were taken as no overlay too, without a word
        protocol, table, t_chosen = _model(src, str(query.get("time") or "").strip())
        groups = {_key(g): g for g in protocol.groups}
        obs = {_key(o): o for o in protocol.observables}
        ctrl_group = groups.get(_key(control))
        model, model_t = [], []
        matched = 0
        no_group: dict[str, None] = {}  # conditions and genes (targets) the protocol has nothing for, in order
        no_readout: dict[str, None] = {}
        moved: dict[float, float] = {}  # a time asked for -> the protocol's readout the model is read at
        for row in summary.itertuples(index=False):
            name = getattr(row, what)
            o = obs.get(_key(f"{name}_mRNA")) if kind == "qpcr" else None
            o = o or obs.get(_key(name))
            g = groups.get(_key(row.condition))
            t = getattr(row, "time_min", None)
            t = float(t) if t is not None and not pd.isna(t) else (t_chosen if t_chosen is not None
                                                                  else float(protocol.times_min[0]))
            if g is None:
                no_group[str(row.condition)] = None
            if o is None:
                no_readout[str(name)] = None
            if o is None or g is None or ctrl_group is None:
                model.append(float("nan"))
                model_t.append(float("nan"))
                continue
            tt = _nearest(protocol.times_min, t)
            if tt != t:
                moved[t] = tt
            # the control group at the time of the control the data were read against (the same time, or the
            # control's one time, e.g. 0 min), as the data's fold change is
            tc = getattr(row, "control_time_min", None)
            tc = float(tc) if tc is not None and not pd.isna(tc) else t
            ttc = _nearest(protocol.times_min, tc)
            if ttc != tc:
                moved[tc] = ttc
            model_t.append(float(tt))
            at = table[table["observable"] == o]
            sel = at[at["time_min"] == tt].set_index("group")["value"]
            ref = float(at[at["time_min"] == ttc].set_index("group")["value"].get(ctrl_group, float("nan")))
            model.append(float(sel[g]) / ref if ref > 0 else float("nan"))
            matched += 1
        if "time_min" in summary.columns:  # each bar at its time; where the protocol lacks it, its nearest readout
            model_label = f"model: {protocol.name} (at each bar's time)"
            if moved:  # on a line of its own: the figure's legend is as wide as its plot
                model_label = (f"model: {protocol.name}\n(at each bar's time, or the protocol's nearest readout: "
                               + ", ".join(f"{a:g} min \u2192 {u:g} min" for a, u in sorted(moved.items())) + ")")
        else:
            t_shown = _nearest(protocol.times_min, t_chosen) if t_chosen is not None else protocol.times_min[0]
            model_label = f"model: {protocol.name} ({t_shown:g} min)"
        if ctrl_group is None:
            notes.append(f"The protocol has no group named like the control condition '{control}' "
                         f"(groups: {', '.join(protocol.groups)}); no overlay.")
        elif matched == 0:
            notes.append("No condition matched a protocol group with a matching observable "
                         f"(groups: {', '.join(protocol.groups)}; observables: {', '.join(protocol.observables)}).")
        else:
            conditions = list(dict.fromkeys(str(c) for c in summary["condition"]))
            note = (f"Model overlay on {matched} of {len(summary)} bars: {len(conditions) - len(no_group)} of "
                    f"{len(conditions)} conditions matched a protocol group")
            if no_group:
                note += (f"; no group named like {', '.join(map(repr, no_group))} (groups: "
                         f"{', '.join(protocol.groups)})")
            if no_readout:
                note += (f"; no {'mRNA ' if kind == 'qpcr' else ''}readout for {', '.join(map(repr, no_readout))} "
                         f"(readouts: {', '.join(protocol.observables)})")
            notes.append(note + ".")
        if moved:
            asked = ", ".join(f"{a:g} min" for a in sorted(moved))
            used = ", ".join(f"{u:g} min" for u in sorted(set(moved.values())))
            notes.append(f"The protocol has no readout at {asked}: the model is shown at its nearest readout "
                         f"({used}; readouts: {', '.join(f'{x:g}' for x in protocol.times_min)} min). Add the "
                         "time to the protocol's readout times to compare there.")
        if t_chosen is not None and "time_min" in summary.columns:  # the page's box holds a time (4 h) unless emptied
            notes.append(f"The time in 'read at' ({str(query.get('time')).strip()}) is not used: the table's time "
                         "column gives the time of each bar, and the model is read there.")
    labels = [str(c) for c in summary["condition"]]
    if "time_min" in summary.columns:
        labels = [f"{lab} ({t:g} min)" for lab, t in zip(labels, summary["time_min"])]
    fig = fold_change_figure(labels, measured.tolist(), list(low), list(high), model, title=title, ylabel=ylabel,
                             model_label=model_label, measured_label=measured_label,
                             panels=summary["gene"].astype(str).tolist() if kind == "qpcr" else None,
                             max_width_in=MAX_FIGURE_WIDTH_IN)
    out = summary.copy()
    if "ddct_mean" in out.columns:  # the control's mean ddCt is 0 by definition: its rounding showed as -5.921e-16
        zero = out["ddct_mean"].abs() < 1e-9  # (and its fold change, efficiency ** -ddct, as 1.0000000000000004)
        out.loc[zero, "ddct_mean"], out.loc[zero, "fold_change"] = 0.0, 1.0
    out["model"] = model if model is not None else float("nan")
    if model is not None:  # the time the model is read at, for the downloaded table
        out["model_time_min"] = model_t
    records = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
               for r in out.to_dict(orient="records")]
    return {"kind": kind, "columns": list(out.columns), "records": records, "figure": encode(fig, tight=True),
            "csv": neutralise_formulas(out).to_csv(index=False), "notes": notes}
