"""qPCR ddCt and Western densitometry helpers: numbers and error messages."""

import numpy as np
import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.fitting.labdata import densitometry_ratios, qpcr_fold_change


def _ct():
    rows = []
    # two control and two IL-6 samples; GAPDH 18; SOCS3 30 in controls, 25/26 after IL-6; duplicates
    for s, cond, socs in (("c1", "ctrl", 30.0), ("c2", "ctrl", 30.0), ("i1", "il6", 25.0), ("i2", "il6", 26.0)):
        for rep in (0.1, -0.1):
            rows.append({"Sample Name": s, "condition": cond, "Target Name": "GAPDH", "Cq": 18.0 + rep})
            rows.append({"Sample Name": s, "condition": cond, "Target Name": "SOCS3", "Cq": socs + rep})
    df = pd.DataFrame(rows)
    df["Cq"] = df["Cq"].astype(object)  # a spreadsheet column may hold text
    return df


def test_ddct_fold_change_and_replicate_statistics():
    res = qpcr_fold_change(_ct(), reference="GAPDH", control="ctrl")
    ps = res.per_sample.set_index("sample")
    assert ps.loc["i1", "fold_change"] == pytest.approx(32.0)
    assert ps.loc["i2", "fold_change"] == pytest.approx(16.0)
    assert ps.loc["i1", "n_technical"] == 2 and ps.loc["i1", "ct_sd"] == pytest.approx(np.std([25.1, 24.9], ddof=1))
    s = res.summary.set_index("condition")
    assert s.loc["il6", "fold_change"] == pytest.approx(2 ** 4.5)  # geometric mean of 32 and 16
    assert s.loc["il6", "fold_change_arith_mean"] == pytest.approx(24.0)
    assert s.loc["il6", "ci95_low"] < s.loc["il6", "fold_change"] < s.loc["il6", "ci95_high"]
    assert s.loc["ctrl", "fold_change"] == pytest.approx(1.0)


def test_efficiency_and_two_reference_genes():
    df = _ct()
    extra = df[df["Target Name"] == "GAPDH"].assign(**{"Target Name": "ACTB"})
    extra["Cq"] = extra["Cq"] - 2.0
    res = qpcr_fold_change(pd.concat([df, extra]), reference=["GAPDH", "ACTB"], control="ctrl", efficiency=1.9)
    ps = res.per_sample.set_index("sample")
    assert ps.loc["i1", "fold_change"] == pytest.approx(1.9 ** 5)
    assert ps.loc["i1", "reference_ct"] == pytest.approx(17.0)


def test_qpcr_errors_are_listed_with_their_rows():
    df = _ct()
    df.loc[3, "Cq"] = "abc"
    df.loc[5, "Cq"] = "Undetermined"
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="HPRT", control="untreated")
    text = "\n".join(e.value.lines())
    assert "row 5: Ct must be a number (got 'abc')" in text
    assert "row 7" in text and "--drop-undetermined" in text
    assert "reference gene 'HPRT' not found" in text and "GAPDH" in text
    assert "control condition 'untreated' not found" in text


def test_unmatched_samples_and_undetermined_dropped():
    df = _ct()
    df = df[~((df["Sample Name"] == "i2") & (df["Target Name"] == "GAPDH"))]  # i2 lacks the reference
    with pytest.raises(InputError, match="sample 'i2' has no Ct for reference gene"):
        qpcr_fold_change(df, reference="GAPDH", control="ctrl")
    df = _ct()
    df.loc[df.index[(df["Sample Name"] == "i1") & (df["Target Name"] == "SOCS3")], "Cq"] = "Undetermined"
    with pytest.raises(InputError, match="gene 'SOCS3' is missing in sample"):
        qpcr_fold_change(df, reference="GAPDH", control="ctrl", drop_undetermined=True)
    with pytest.raises(InputError, match="missing column"):
        qpcr_fold_change(pd.DataFrame({"sample": ["a"], "gene": ["x"]}), reference="x", control="c")


def test_an_unmatched_sample_is_told_why_and_what_to_do():
    # 'gene 'SOCS3' is missing in sample(s) i1 (unmatched samples)' said neither that its wells were 'Undetermined'
    # and left out by --drop-undetermined, nor what to do
    df = _ct()
    df.loc[df.index[(df["Sample Name"] == "i1") & (df["Target Name"] == "SOCS3")], "Cq"] = "Undetermined"
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl", drop_undetermined=True)
    assert e.value.lines() == ["qPCR table: gene 'SOCS3' is missing in sample(s) i1 (unmatched samples; its wells there "
                               "were all 'Undetermined', left out by --drop-undetermined); every sample needs a Ct of "
                               "every gene: measure it, or delete those samples' rows (or the gene's) to leave them out"]
    df = _ct()
    df.loc[df.index[(df["Sample Name"] == "i1") & (df["Target Name"] == "GAPDH")], "Cq"] = "Undetermined"
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl", drop_undetermined=True)
    assert e.value.lines() == ["qPCR table: sample 'i1' has no Ct for reference gene(s) GAPDH (its wells were all "
                               "'Undetermined', left out by --drop-undetermined): cannot normalise it (unmatched "
                               "sample); measure it, or delete the sample's rows to leave it out"]
    # a well not in the table at all: the same remedy, without the word about --drop-undetermined
    df = _ct()
    df = df[~((df["Sample Name"] == "i2") & (df["Target Name"] == "GAPDH"))]
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl")
    assert e.value.lines() == ["qPCR table: sample 'i2' has no Ct for reference gene(s) GAPDH: cannot normalise it "
                               "(unmatched sample); measure it, or delete the sample's rows to leave it out"]


def test_a_sample_under_two_conditions_is_told_which_and_what_to_do():
    # 'sample 'c1' appears under more than one condition/time' named neither the conditions nor a remedy
    df = _ct()
    df.loc[(df["Sample Name"] == "c1") & (df["Target Name"] == "SOCS3"), "condition"] = "il6"
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl")
    assert e.value.lines() == ["qPCR table: sample 'c1' appears under more than one condition/time (condition ctrl, "
                               "il6); give each biological sample its own name, or correct the condition (time) of "
                               "its wells"]
    df = _ct().assign(time=[0] * 6 + [30] * 10)  # c2: two wells at 0 min, two at 30 min
    with pytest.raises(InputError, match=r"sample 'c2' appears under more than one condition/time \(time_min 0, 30\)"):
        qpcr_fold_change(df, reference="GAPDH", control="ctrl")


def test_a_gene_or_sample_left_without_any_ct_by_drop_undetermined_is_named():
    # a reference gene whose every well was 'Undetermined' raised KeyError: 'GAPDH'; a target gene or a sample so
    # left vanished from the results without a word (a control sample fewer, a gene not in the summary)
    df = _ct()
    df.loc[df["Target Name"] == "GAPDH", "Cq"] = "Undetermined"
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl", drop_undetermined=True)
    assert e.value.lines() == ["qPCR table: gene 'GAPDH': every well is 'Undetermined' (left out by "
                               "--drop-undetermined), so it has no Ct to compare; choose another reference gene, or "
                               "delete the gene's rows"]
    df = _ct()
    df.loc[df["Sample Name"] == "c2", "Cq"] = "Undetermined"
    df = pd.concat([df, pd.DataFrame([{"Sample Name": s, "condition": c, "Target Name": "IL6", "Cq": "Undetermined"}
                                      for s, c in (("c1", "ctrl"), ("i1", "il6"))])], ignore_index=True)
    with pytest.raises(InputError) as e:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl", drop_undetermined=True)
    assert e.value.lines() == [
        "qPCR table: gene 'IL6': every well is 'Undetermined' (left out by --drop-undetermined), so it has no Ct to "
        "compare; delete its rows to leave the gene out",
        "qPCR table: sample 'c2': every well is 'Undetermined' (left out by --drop-undetermined); delete its rows to "
        "leave the sample out"]
    # with those rows deleted: the same fold changes as without them
    kept = df[(df["Sample Name"] != "c2") & (df["Target Name"] != "IL6")]
    s = qpcr_fold_change(kept, reference="GAPDH", control="ctrl", drop_undetermined=True).summary
    assert s.set_index("condition").loc["il6", "fold_change"] == pytest.approx(2 ** 4.5)


def _bands():
    rows = []
    for blot, k in (("b1", 1.0), ("b2", 3.0)):  # blot 2 is exposed 3x longer
        for s, cond, p, t in (("s1", "ctrl", 10, 100), ("s2", "ctrl", 12, 100), ("s3", "il6", 50, 100),
                              ("s4", "il6", 60, 120)):
            rows += [{"blot": blot, "lane": s, "condition": cond, "protein": "pSTAT3", "intensity": p * k},
                     {"blot": blot, "lane": s, "condition": cond, "protein": "STAT3", "intensity": t * k}]
    df = pd.DataFrame(rows)
    df["intensity"] = df["intensity"].astype(object)
    return df


def test_densitometry_ratio_normalised_to_control_per_blot():
    res = densitometry_ratios(_bands(), target="pSTAT3", normaliser="STAT3", control="ctrl")
    ps = res.per_sample
    assert ps.loc[(ps["experiment"] == "b1") & (ps["sample"] == "s3"), "normalised"].iloc[0] == pytest.approx(0.5 / 0.11)
    s = res.summary.set_index("condition")
    assert s.loc["ctrl", "mean"] == pytest.approx(1.0)
    assert s.loc["il6", "n"] == 4 and s.loc["il6", "mean"] == pytest.approx(0.5 / 0.11)  # every sample and both blots agree
    assert s.loc["il6", "sd"] == pytest.approx(0.0, abs=1e-12)


def test_densitometry_interval_is_a_t_interval_on_the_log_ratios():
    # two blots: with n = 2 a 95 % interval uses t(1) = 12.7, not 1.96; on the log scale, so it stays positive
    df = pd.DataFrame([{"blot": b, "lane": s, "condition": c, "protein": p, "intensity": v}
                       for b, r in (("b1", 2.0), ("b2", 8.0))
                       for s, c, num in (("s1", "ctrl", 1.0), ("s2", "il6", r))
                       for p, v in (("pSTAT3", num), ("STAT3", 1.0))])
    s = densitometry_ratios(df, target="pSTAT3", normaliser="STAT3", control="ctrl").summary.set_index("condition")
    half = 12.7062 * np.log(4.0) / 2  # t(0.975, 1) x SE of the log ratios (log 2, log 8): SD log(4)/sqrt 2, n 2
    assert s.loc["il6", "geometric_mean"] == pytest.approx(4.0)
    assert s.loc["il6", "ci95_low"] == pytest.approx(4.0 * np.exp(-half), rel=1e-4)
    assert s.loc["il6", "ci95_high"] == pytest.approx(4.0 * np.exp(half), rel=1e-4)
    assert 0 < s.loc["il6", "ci95_low"] < 2.0 and s.loc["ctrl", "ci95_low"] == pytest.approx(1.0)
    # one blot: no interval
    one = densitometry_ratios(df[df["blot"] == "b1"], target="pSTAT3", normaliser="STAT3", control="ctrl").summary
    assert one[["ci95_low", "ci95_high"]].isna().all().all()


def test_densitometry_errors():
    df = _bands()
    df = df[~((df["lane"] == "s4") & (df["protein"] == "STAT3") & (df["blot"] == "b2"))]
    df.loc[0, "intensity"] = "n.d."
    with pytest.raises(InputError) as e:
        densitometry_ratios(df, target="pSTAT3", normaliser="GAPDH", control="ctrl")
    text = "\n".join(e.value.lines())
    assert "row 2: signal must be a number" in text and "normaliser 'GAPDH' not found" in text
    with pytest.raises(InputError, match="'s4' has a 'pSTAT3' band but no 'STAT3' band"):
        densitometry_ratios(df.drop(index=0), target="pSTAT3", normaliser="STAT3", control="ctrl")
    with pytest.raises(InputError, match="blot 'b2' has no control"):
        d2 = _bands()
        d2 = d2[~((d2["blot"] == "b2") & (d2["condition"] == "ctrl"))]
        densitometry_ratios(d2, target="pSTAT3", normaliser="STAT3", control="ctrl")


def test_densitometry_a_lane_whose_bands_disagree_on_the_condition_is_refused(tmp_path):
    # lane 2's pSTAT3 band said ctrl and its STAT3 band IL6: the lane was counted as a control (the target band's
    # condition), its other condition ignored without a word
    f = tmp_path / "bands.csv"
    f.write_text("Lane,Condition,Protein,Intensity\n1,ctrl,pSTAT3,1000\n1,ctrl,STAT3,10000\n2,ctrl,pSTAT3,1200\n"
                 "2,IL6,STAT3,10000\n3,IL6,pSTAT3,20000\n3,IL6,STAT3,10000\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        densitometry_ratios(f, target="pSTAT3", normaliser="STAT3", control="ctrl")
    assert e.value.lines() == [f"{f}: blot 'blot', sample '2': its bands disagree on the condition or time (row 4: "
                               "'pSTAT3' under condition ctrl; row 5: 'STAT3' under condition IL6); give both bands "
                               "of a lane the same condition and time"]
    # and on the time
    f.write_text("Lane,Condition,Protein,Intensity,Time\n1,ctrl,pSTAT3,1000,0\n1,ctrl,STAT3,10000,0\n"
                 "2,IL6,pSTAT3,1200,30\n2,IL6,STAT3,10000,15\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 4: 'pSTAT3' under condition IL6, time_min 30; row 5: 'STAT3' under "
                                         r"condition IL6, time_min 15\)"):
        densitometry_ratios(f, target="pSTAT3", normaliser="STAT3", control="ctrl")
    # a band the analysis does not read (a loading control) may say what it likes
    f.write_text("Lane,Condition,Protein,Intensity\n1,ctrl,pSTAT3,1000\n1,ctrl,STAT3,10000\n1,IL6,GAPDH,5\n"
                 "2,IL6,pSTAT3,20000\n2,IL6,STAT3,10000\n", encoding="utf-8")
    s = densitometry_ratios(f, target="pSTAT3", normaliser="STAT3", control="ctrl").summary.set_index("condition")
    assert s.loc["IL6", "mean"] == pytest.approx(20.0)


def test_a_missing_column_is_told_the_names_it_may_have(tmp_path):
    # an Image Lab export ('Band Label', 'Adj. Volume (Int)') and a QuantStudio export without a condition column were
    # told what is missing and what is there, not what to write
    f = tmp_path / "bands.csv"
    f.write_text("Lane and Band Report\nLane,Band Label,Condition,Adj. Volume (Int)\n1,pSTAT3,ctrl,1200\n"
                 "1,STAT3,ctrl,10000\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        densitometry_ratios(f, target="pSTAT3", normaliser="STAT3", control="ctrl")
    assert e.value.lines() == [f"{f}: missing column(s) target, signal; found sample, band label, condition, adj. "
                               "volume (int) (one row per band: sample, condition, target, signal (optional experiment "
                               "for the blot)); add each as a column, or write its name in the header row above its "
                               "values: target (or protein, antibody, band), signal (or intensity, volume, value)"]
    f.write_text("Sample Name,Target Name,CT\nc1,GAPDH,18\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert e.value.lines()[0].endswith("; add each as a column, or write its name in the header row above its values: "
                                       "condition (or group, treatment)")


def test_qpcr_wells_marked_omit_in_a_quantstudio_export_are_not_read_as_the_others(tmp_path):
    # a well the user omitted in the instrument software (Omit = true) was averaged in with its replicates
    f = tmp_path / "qs.csv"
    head = "* Instrument Type = QuantStudio 3\n\n[Results]\nWell,Omit,Sample Name,Target Name,CT,Condition\n"
    wells = ("1,false,c1,GAPDH,18,ctrl\n2,false,c1,SOCS3,30,ctrl\n3,false,i1,GAPDH,18,il6\n4,false,i1,SOCS3,25,il6\n"
             "5,true,i1,SOCS3,35,il6\n")
    f.write_text(head + wells, encoding="utf-8")
    with pytest.raises(InputError) as e:
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert e.value.lines() == [f"{f}: 1 well(s) marked Omit = true in the export (row(s) 9), which il6sim would read "
                               "like any other; delete those rows to leave the wells out, or set Omit to false to "
                               "keep them"]
    f.write_text(head + wells.replace("5,true,", "5,FALSE,"), encoding="utf-8")  # kept: SOCS3 of i1 is 30 on average
    ps = qpcr_fold_change(f, reference="GAPDH", control="ctrl").per_sample.set_index("sample")
    assert ps.loc["i1", "ct_mean"] == pytest.approx(30.0) and ps.loc["i1", "fold_change"] == pytest.approx(1.0)


def test_near_misses_get_a_suggestion_and_a_missing_header_names_the_main_columns(tmp_path):
    with pytest.raises(InputError) as e:
        qpcr_fold_change(_ct(), reference="gapdh", control="Ctrl")
    text = "\n".join(e.value.lines())
    assert "reference gene 'gapdh' not found (did you mean 'GAPDH'?)" in text
    assert "control condition 'Ctrl' not found (did you mean 'ctrl'?)" in text
    with pytest.raises(InputError, match=r"target 'pstat3' not found \(did you mean 'pSTAT3'\?\)"):
        densitometry_ratios(_bands(), target="pstat3", normaliser="STAT3", control="ctrl")
    f = tmp_path / "blots.csv"
    f.write_text("blot,lane,protein,intensity\nb1,s1,pSTAT3,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"columns such as sample, condition, gene, ct, sample name, target,"):
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")


def test_problems_of_several_rows_are_listed_in_row_order(tmp_path):
    # the checks run column by column and kind by kind: rows came out as 3, 5, 6, 4
    from il6sim.errors import InputError
    from il6sim.fitting.labdata import qpcr_fold_change

    table = tmp_path / "cts.csv"
    table.write_text("Sample,Target,Ct,Condition\ns1,GAPDH,18,control\ns1,SOCS3,abc,control\n"
                     "s2,GAPDH,-3,treated\ns2,SOCS3,xyz,treated\ns3,GAPDH,,treated\ns3,SOCS3,20,treated\n")
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(table, reference="GAPDH", control="nope", efficiency=3.0)
    where = [p.where for p in exc.value.problems]
    assert where[0] == "efficiency" and where[-1] == str(table)  # not tied to a row: where they were
    assert where[1:5] == [f"{table}, row {r}" for r in (3, 4, 5, 6)]


def test_the_problems_of_a_large_table_are_bounded():
    from il6sim.fitting.labdata import MAX_LISTED, MAX_PROBLEMS

    # 20,000 samples, each its own condition, none with the reference gene nor the named control
    df = pd.DataFrame({"sample": [f"s{i}" for i in range(20_000)], "condition": [f"c{i}" for i in range(20_000)],
                       "gene": "SOCS3", "ct": "25"})
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(df, reference=[f"G{i}" for i in range(5_000)], control="x" * 10_000)
    lines = [p.message for p in exc.value.problems]
    assert len(lines) == MAX_PROBLEMS + 1 and "... and 4971 more problem(s) like these" in lines[-1]
    assert all(len(line) < 1_000 for line in lines)
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(df, reference="SOCS3", control="x" * 10_000)
    control = next(p.message for p in exc.value.problems if "control condition" in p.message)
    assert f"... and {20_000 - MAX_LISTED} more)" in control and "x" * 61 not in control
    # a table of few samples is reported whole, as before
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(df.head(4), reference="GAPDH", control="c0")
    assert "(genes in the table: SOCS3)" in str(exc.value)


def test_python_arguments_of_the_wrong_kind_are_named():
    # reference=None, efficiency="2", background="100" or [100], normaliser=["STAT3"] and a source of None or a
    # list raised TypeError from inside (not iterable, '<' between float and str, unhashable, pathlib)
    import pandas as pd

    from il6sim.errors import InputError
    from il6sim.fitting import densitometry_ratios, qpcr_fold_change

    cts = pd.DataFrame({"sample": ["c1", "c1", "t1", "t1"], "condition": ["control"] * 2 + ["IL-6"] * 2,
                        "gene": ["GAPDH", "SOCS3"] * 2, "ct": [18.0, 28.1, 18.1, 25.0]})
    bands = pd.DataFrame({"sample": ["a", "a", "c", "c"], "condition": ["control"] * 2 + ["IL-6"] * 2,
                          "target": ["pSTAT3", "STAT3"] * 2, "signal": [1200, 50100, 31500, 49800]})
    cases = [(lambda: qpcr_fold_change(cts, reference=None, control="control"),
              r"^reference: must be a gene name or a list of gene names \(got None\)$"),
             (lambda: qpcr_fold_change(cts, reference="GAPDH", control="control", efficiency="2"),
              r"^efficiency: must be a number without a unit \(got '2'\)$"),
             (lambda: qpcr_fold_change(None, reference="GAPDH", control="control"),
              r"^source: expected a table: a pandas DataFrame or the path of a CSV, TSV or XLSX file \(got NoneType"),
             (lambda: densitometry_ratios(bands, target="pSTAT3", normaliser=["STAT3"], control="control"),
              r"^normaliser: must be a name, as in the table \(got \['STAT3'\]\)$"),
             (lambda: densitometry_ratios(bands, target="pSTAT3", normaliser="STAT3", control="control",
                                          background="100"), r"^background: must be a number without a unit"),
             (lambda: densitometry_ratios([1, 2], target="pSTAT3", normaliser="STAT3", control="control"),
              r"^source: expected a table: .* \(got list \[1, 2\]\)$")]
    for run, message in cases:
        with pytest.raises(InputError, match=message):
            run()
    assert len(qpcr_fold_change(cts, reference=["GAPDH"], control="control").summary) == 2
    assert len(densitometry_ratios(bands, target="pSTAT3", normaliser="STAT3", control="control",
                                   background=100).summary) == 2


def test_lab_data_results_print_as_one_line():
    # their default dataclass repr printed both tables, per sample and summary
    cts = pd.DataFrame({"sample": ["c1", "c1", "t1", "t1"], "condition": ["control"] * 2 + ["IL-6"] * 2,
                        "gene": ["GAPDH", "SOCS3"] * 2, "ct": [18.0, 28.1, 18.1, 25.0]})
    bands = pd.DataFrame({"sample": ["a", "a", "c", "c"], "condition": ["control"] * 2 + ["IL-6"] * 2,
                          "target": ["pSTAT3", "STAT3"] * 2, "signal": [1200, 50100, 31500, 49800]})
    assert repr(qpcr_fold_change(cts, reference="GAPDH", control="control")) == (
        "<QpcrResult: fold changes of 2 condition(s) (control, IL-6); genes SOCS3; .summary and .per_sample are "
        "DataFrames>")
    assert repr(densitometry_ratios(bands, target="pSTAT3", normaliser="STAT3", control="control")) == (
        "<DensitometryResult: normalised ratios of 2 condition(s) (control, IL-6); .summary and .per_sample are "
        "DataFrames>")


@pytest.mark.parametrize("header, times", [("Time (h)", ["0", "0.5", "2"]), ("time [min]", ["0", "30", "120"]),
                                           ("Time_h", ["0", "0.5", "2"]), ("hours", ["0", "0.5", "2"]),
                                           ("Time (hr)", ["0", "0.5", "2"])])
def test_a_time_column_whose_header_gives_a_unit_is_read_in_minutes(tmp_path, header, times):
    # 'Time (h)' and the like were not read as the time column: every time point was pooled into one condition
    # without a word (the IL-6 samples at 30 and 120 min read as one IL-6 condition)
    t0, t30, t120 = times
    f = tmp_path / "cts.csv"
    f.write_text(f"sample,condition,{header},gene,ct\n"
                 f"c1,ctrl,{t0},GAPDH,18\nc1,ctrl,{t0},SOCS3,30\nc2,ctrl,{t0},GAPDH,18\nc2,ctrl,{t0},SOCS3,30\n"
                 f"i1,IL6,{t30},GAPDH,18\ni1,IL6,{t30},SOCS3,26\ni2,IL6,{t120},GAPDH,18\ni2,IL6,{t120},SOCS3,25\n",
                 encoding="utf-8")
    s = qpcr_fold_change(f, reference="GAPDH", control="ctrl").summary
    assert s["time_min"].tolist() == [0, 30, 120] and s["condition"].tolist() == ["ctrl", "IL6", "IL6"]
    assert s["fold_change"].tolist() == pytest.approx([1, 16, 32])
    b = tmp_path / "bands.csv"
    b.write_text(f"lane,condition,{header},protein,intensity\n1,ctrl,{t0},pSTAT3,100\n1,ctrl,{t0},STAT3,1000\n"
                 f"2,IL6,{t30},pSTAT3,500\n2,IL6,{t30},STAT3,1000\n3,IL6,{t120},pSTAT3,200\n3,IL6,{t120},STAT3,1000\n",
                 encoding="utf-8")
    s = densitometry_ratios(b, target="pSTAT3", normaliser="STAT3", control="ctrl").summary
    assert s["time_min"].tolist() == [0, 30, 120] and s["mean"].tolist() == pytest.approx([1, 5, 2])


def test_a_time_column_whose_header_gives_a_unit_that_is_no_time_is_refused(tmp_path):
    f = tmp_path / "cts.csv"
    f.write_text("sample,condition,Time (nM),gene,ct\nc1,ctrl,0,GAPDH,18\nc1,ctrl,0,SOCS3,30\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert e.value.lines() == [f"{f}: column 'Time (nM)' reads as the time column, but 'nM' is not a unit of time, "
                               "so its values cannot be read as times; write the time column's unit as s, min, h or "
                               "day (e.g. 'Time (h)' or 'time_min'), or name it 'time' for minutes"]
    f.write_text("sample,condition,Time (h),gene,ct\nc1,ctrl,one,GAPDH,18\nc1,ctrl,1,SOCS3,30\n", encoding="utf-8")
    with pytest.raises(InputError, match=r", row 2: Time \(h\) must be a number \(got 'one'\)"):  # named as written
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")


@pytest.mark.parametrize("header", ["time", "Time (h)"])
def test_times_written_with_their_unit_in_the_cells_are_read_in_it(tmp_path, header):
    # blot lanes and sample sheets are labelled '30 min', '2 h': such a time was refused as 'must be a number'
    f = tmp_path / "cts.csv"
    f.write_text(f"sample,condition,{header},gene,ct\n"
                 "c1,ctrl,0 min,GAPDH,18\nc1,ctrl,0 min,SOCS3,30\nc2,ctrl,0 min,GAPDH,18\nc2,ctrl,0 min,SOCS3,30\n"
                 "i1,IL6,30 min,GAPDH,18\ni1,IL6,30 min,SOCS3,26\ni2,IL6,2 h,GAPDH,18\ni2,IL6,2 h,SOCS3,25\n",
                 encoding="utf-8")
    res = qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert res.summary["time_min"].tolist() == [0, 30, 120]
    assert res.summary["fold_change"].tolist() == pytest.approx([1, 16, 32])
    assert res.time.note() is None  # every time gives its unit: no word about the header's default
    b = tmp_path / "bands.csv"
    b.write_text(f"lane,condition,{header},protein,intensity\n1,ctrl,0 min,pSTAT3,100\n1,ctrl,0 min,STAT3,1000\n"
                 "2,IL6,30 min,pSTAT3,500\n2,IL6,30 min,STAT3,1000\n3,IL6,1 h 30 min,pSTAT3,200\n"
                 "3,IL6,1 h 30 min,STAT3,1000\n", encoding="utf-8")
    s = densitometry_ratios(b, target="pSTAT3", normaliser="STAT3", control="ctrl").summary
    assert s["time_min"].tolist() == [0, 30, 90] and s["mean"].tolist() == pytest.approx([1, 5, 2])


def test_a_time_that_is_neither_a_number_nor_a_time_with_its_unit_says_what_to_write(tmp_path):
    f = tmp_path / "cts.csv"
    f.write_text("sample,condition,time,gene,ct\nc1,ctrl,0,GAPDH,18\nc1,ctrl,0,SOCS3,30\n"
                 "i1,IL6,one hour,GAPDH,18\ni1,IL6,one hour,SOCS3,26\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert e.value.lines()[0] == (f"{f}, row 4: time must be a number (got 'one hour') (write a number in minutes, "
                                  "or a time with its unit, e.g. '30 min' or '2 h')")


#: a qPCR time course: two control samples at 0, 30 and 60 min, two IL-6 samples at 30 and 60 min
TIME_COURSE = ("sample,condition,time,gene,ct\n"
               "c0a,ctrl,0,GAPDH,18.0\nc0a,ctrl,0,SOCS3,30.0\nc0b,ctrl,0,GAPDH,18.2\nc0b,ctrl,0,SOCS3,30.4\n"
               "c30a,ctrl,30,GAPDH,17.9\nc30a,ctrl,30,SOCS3,29.5\nc30b,ctrl,30,GAPDH,18.1\nc30b,ctrl,30,SOCS3,29.9\n"
               "c60a,ctrl,60,GAPDH,18.0\nc60a,ctrl,60,SOCS3,29.0\nc60b,ctrl,60,GAPDH,18.0\nc60b,ctrl,60,SOCS3,29.2\n"
               "i30a,IL6,30,GAPDH,18.3\ni30a,IL6,30,SOCS3,26.1\ni30b,IL6,30,GAPDH,17.8\ni30b,IL6,30,SOCS3,25.4\n"
               "i60a,IL6,60,GAPDH,18.1\ni60a,IL6,60,SOCS3,24.0\ni60b,IL6,60,GAPDH,18.0\ni60b,IL6,60,SOCS3,24.6\n")


def test_qpcr_each_time_is_read_against_the_control_at_the_same_time(tmp_path):
    # the control's samples of all times were pooled into one mean dCt: IL6 at 30 and 60 min read 15.3 and 41.7 and the
    # control at 0 min 0.72; each time is now read against the control at that time (checked by hand: dCt = SOCS3 -
    # GAPDH; i30: 7.8, 7.6 against the 30-min control's 11.6, 11.8 -> ddCt -3.9, -4.1 -> 14.93, 17.15, geometric 16;
    # i60: 5.9, 6.6 against 11.0, 11.2 -> -5.2, -4.5 -> 36.76, 22.63, geometric 2 ** 4.85 = 28.84)
    f = tmp_path / "cts.csv"
    f.write_text(TIME_COURSE, encoding="utf-8")
    res = qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    s = res.summary
    assert s.columns.tolist()[:4] == ["condition", "time_min", "control_time_min", "gene"]
    assert s["time_min"].tolist() == s["control_time_min"].tolist() == [0, 30, 60, 30, 60]
    assert s["fold_change"].tolist() == pytest.approx([1, 1, 1, 16, 2 ** 4.85])
    assert s["ci95_low"].iloc[3] == pytest.approx(6.6317036, rel=1e-6) and s["ci95_high"].iloc[4] == pytest.approx(
        629.11138, rel=1e-6)  # t(0.975, 1) = 12.706 on the ddCt sd 0.1414 and 0.495
    ps = res.per_sample.set_index("sample")
    assert ps.loc[["i30a", "i30b", "i60a", "i60b"], "fold_change"].tolist() == pytest.approx(
        [2 ** 3.9, 2 ** 4.1, 2 ** 5.2, 2 ** 4.5])
    assert ps.loc["i60a", "control_time_min"] == 60 and ps.loc["c0a", "control_time_min"] == 0
    # a control at 0 min only: every time against it (i30: 7.8, 7.6 against 12.1 -> 2 ** 4.4 = 21.11; i60: 2 ** 5.85)
    f.write_text("".join(line + "\n" for line in TIME_COURSE.splitlines() if not line.startswith(("c30", "c60"))),
                 encoding="utf-8")
    s = qpcr_fold_change(f, reference="GAPDH", control="ctrl").summary
    assert s["control_time_min"].tolist() == [0, 0, 0]
    assert s["fold_change"].tolist() == pytest.approx([1, 2 ** 4.4, 2 ** 5.85])


def test_a_control_at_some_times_but_not_all_is_refused(tmp_path):
    f = tmp_path / "cts.csv"
    f.write_text("".join(line + "\n" for line in TIME_COURSE.splitlines() if not line.startswith("c30")),
                 encoding="utf-8")
    with pytest.raises(InputError) as e:
        qpcr_fold_change(f, reference="GAPDH", control="ctrl")
    assert e.value.lines() == [f"{f}: the control ('ctrl') has samples at 0, 60 min but none at 30 min: each time is "
                               "read against the control at the same time, or every time against a control at one "
                               "time only; add control samples at those times, keep the control at one time only "
                               "(e.g. 0 min), or delete the rows of the times without a control"]


def test_densitometry_each_time_is_read_against_the_control_at_the_same_time_on_the_blot(tmp_path):
    # blot A: control at 0 and 30 min (ratios 0.1, 0.4), IL6 at 30 min (2.0); blot B: control at 0 and 30 (0.2, 0.5),
    # IL6 at 30 (3.0): IL6 at 30 min reads 2.0 / 0.4 = 5 and 3.0 / 0.5 = 6 (mean 5.5; pooled, as before: 8 and 8.57)
    lanes = [("A", "c0", "ctrl", 0, 100), ("A", "c30", "ctrl", 30, 400), ("A", "i30", "IL6", 30, 2000),
             ("B", "c0", "ctrl", 0, 200), ("B", "c30", "ctrl", 30, 500), ("B", "i30", "IL6", 30, 3000)]
    rows = [{"blot": b, "lane": s, "condition": c, "Time (min)": t, "protein": p, "intensity": v}
            for b, s, c, t, sig in lanes for p, v in (("pSTAT3", sig), ("STAT3", 1000))]
    res = densitometry_ratios(pd.DataFrame(rows), target="pSTAT3", normaliser="STAT3", control="ctrl")
    ps = res.per_sample.set_index(["experiment", "sample"])
    assert ps["normalised"].tolist() == pytest.approx([1, 1, 5, 1, 1, 6])
    assert ps["control_time_min"].tolist() == [0, 30, 30, 0, 30, 30]
    s = res.summary
    assert s[["condition", "time_min", "control_time_min", "n"]].values.tolist() == [
        ["ctrl", 0, 0, 2], ["ctrl", 30, 30, 2], ["IL6", 30, 30, 2]]
    assert s["mean"].tolist() == pytest.approx([1, 1, 5.5])
    # the control at 30 min on blot A only: blot B's IL6 lane at 30 min has no control to be read against
    df = pd.DataFrame(rows)
    df = df[~((df["blot"] == "B") & (df["lane"] == "c30"))]
    with pytest.raises(InputError) as e:
        densitometry_ratios(df, target="pSTAT3", normaliser="STAT3", control="ctrl")
    assert e.value.lines() == ["densitometry table: blot 'B' has no control ('ctrl') sample at 30 min to normalise to "
                               "(the control lanes of a blot normalise its lanes: each time against the control at the "
                               "same time, or every time against a control at one time only); add a control lane at "
                               "that time to the blot, or delete the blot's lanes of that time"]
    # the control at 0 min only: every lane of a blot against its 0-min control (2.0 / 0.1 = 20, 3.0 / 0.2 = 15)
    df = pd.DataFrame(rows)
    s = densitometry_ratios(df[df["lane"] != "c30"], target="pSTAT3", normaliser="STAT3", control="ctrl").summary
    assert s["control_time_min"].tolist() == [0, 0] and s["mean"].tolist() == pytest.approx([1, 17.5])
