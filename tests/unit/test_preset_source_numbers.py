"""Numbers that the endothelial presets' source texts quote from the model, recomputed.

huvec_zegeye2018's source says why classic IL-6 stays below its ERK/Akt thresholds: IL-6 alone forms
only ~13 active units per cell at the pSTAT3 peak (seed doses), fewer than the ~25 that K_erk and K_akt
ask for. A change of the model or of the text that separates the two fails here.
"""

import re

from il6sim import reference_model
from il6sim.compare.comparison import condition_metrics, simulate_cell
from il6sim.model.presets import PRESETS, CellSpec


def test_huvec_zegeye2018_source_quotes_the_classic_active_units():
    preset = PRESETS["huvec_zegeye2018"]
    m = re.search(r"need ~(\d+) active units per cell.*?~(\d+) IL-6R per cell.*?\(~(\d+) at the pSTAT3 peak\)",
                  preset.source)
    assert m, preset.source
    need, il6r, quoted = (float(x) for x in m.groups())
    assert il6r == preset.IL6R_per_cell
    model = reference_model().parameter_map  # the preset keeps the model's K_erk and K_akt
    assert "K_erk" not in CellSpec.parse("huvec_zegeye2018").resolve()
    assert need == model["K_erk"].value == model["K_akt"].value
    classic = condition_metrics(simulate_cell("huvec_zegeye2018"), "classic")
    assert abs(classic.active_units_peak - quoted) <= 0.5, classic.active_units_peak
    assert classic.active_units_peak < need
