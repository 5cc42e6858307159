"""Names of the protocol package under their earlier module (``il6sim.protocols.spec``).

The protocol now lives in modules of one concept each: the data in
:mod:`.protocol`, the file format and its checks in :mod:`.parse`, the
bundled protocols and YAML reading in :mod:`.files`; the shared input
checks in :mod:`il6sim.validate`. Import from :mod:`il6sim.protocols`.
"""

from ..frozen import FrozenMap
from ..model.presets import CELL_KEYS
from ..validate import show
from .files import MAX_FILE_BYTES, bundled_protocol_text, bundled_protocols
from .parse import MAX_ABS_TIME_MIN, MAX_DOSE_NM, MEDIUM_KEYS, READOUT_KEYS, STEP_KEYS, TOP_KEYS, load_protocol
from .protocol import DEFAULT_OBSERVABLES, DEFAULT_TIMES_MIN, Protocol, Step

__all__ = ["CELL_KEYS", "DEFAULT_OBSERVABLES", "DEFAULT_TIMES_MIN", "FrozenMap", "MAX_ABS_TIME_MIN", "MAX_DOSE_NM",
           "MAX_FILE_BYTES", "MEDIUM_KEYS", "Protocol", "READOUT_KEYS", "STEP_KEYS", "Step", "TOP_KEYS",
           "bundled_protocol_text", "bundled_protocols", "load_protocol", "show"]
