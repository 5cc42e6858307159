"""Virtual experiments: protocols of cells, doses, times and readouts.

>>> from il6sim.protocols import load_protocol, run_protocol
>>> res = run_protocol(load_protocol("seed:sgp130fc_inhibition"))
>>> list(res.table.columns)
['group', 'observable', 'time_min', 'value', 'unit', 'fold_change']

See :mod:`il6sim.protocols.parse` for the file format and its semantics.
"""

from .files import bundled_protocol_text, bundled_protocols
from .parse import load_protocol
from .protocol import Protocol, Step
from .runner import ProtocolResult, default_dense_times, run_protocol, simulate_groups

__all__ = ["Protocol", "ProtocolResult", "Step", "bundled_protocol_text", "bundled_protocols",
           "default_dense_times", "load_protocol", "run_protocol", "simulate_groups"]
