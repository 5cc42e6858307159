"""Classic vs trans-signalling: the seed's comparison table, computed and audited.

Public API::

    from il6sim.compare import run_comparison, run_pharmacology, receptor_map, CLAIMS
    res = run_comparison(["huvec_zegeye2018", "hepg2"])
    res.to_frame()                 # one row per claim, cell and metric
    res.pharmacology.summary()     # EC50 / IC50 table
    seed_protocol("hepg2")         # the seed's conditions as one protocol (il6sim.protocols)
    vf = verdict_frequencies(["hepg2"], n=20)   # with the 'calibrated' set: how often each verdict holds
    vf.to_frame()                  # the table plus verdict_holds_fraction, agrees_holds_fraction, ...
"""

from .claims import CLAIMS, Claim, claims_table
from .comparison import DEFAULT_CELLS, CellRun, Comparison, Row, parse_cells, run_comparison, simulate_cell
from .conditions import seed_protocol
from .pharmacology import DoseResponse, Pharmacology, dose_response_protocol, run_pharmacology
from .receptor_map import ReceptorMap, receptor_map
from .robustness import EnsembleComparison, RowRobustness, verdict_frequencies, verdict_words
from .verdicts import thresholds

__all__ = [
    "CLAIMS", "CellRun", "Claim", "Comparison", "DEFAULT_CELLS", "DoseResponse", "EnsembleComparison", "Pharmacology",
    "ReceptorMap", "Row", "RowRobustness", "claims_table", "dose_response_protocol", "parse_cells", "receptor_map",
    "run_comparison", "run_pharmacology", "seed_protocol", "simulate_cell", "thresholds", "verdict_frequencies",
    "verdict_words",
]
