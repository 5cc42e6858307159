"""The example command line that each subcommand's ``--help`` ends with (the command's main use).

Each line runs as written from the repository's root (the files it names are under ``examples/``).
"""

from __future__ import annotations

#: subcommand name -> example command lines, each with a short comment on what it does
EXAMPLES: dict[str, list[str]] = {
    "presets": ["il6sim presets cells        # the cell presets with their receptor numbers",
                "il6sim presets parameters   # every parameter: unit, default, source, plausible range"],
    "model": ["il6sim model reactions      # the reaction network, one reaction per line"],
    "simulate": ["il6sim simulate --cell hepg2 --il6 1ng/mL --sil6r 50ng/mL"],
    "export-sbml": ["il6sim export-sbml --cell huvec model.xml",
                    "il6sim export-sbml --cell hepg2 --set gene_SOCS3=0 model.xml   # a SOCS3 knockout"],
    "run": ["il6sim run seed:sgp130fc_inhibition --out out/   # prints the readouts, writes out/"],
    "protocols": ["il6sim protocols --show trans_huvec > my.yaml   # a protocol to edit and run"],
    "compare": ["il6sim compare --out il6sim-out   # writes il6sim-out/report.html"],
    "dose-response": ["il6sim dose-response                          # the EC50 / IC50 table",
                      "il6sim dose-response --cell huvec --readout SOCS3_mRNA -o dr/"],
    "export-petab": ["il6sim export-petab --out petab/   # the HepG2 problem into petab/"],
    "fit": ["il6sim fit hepg2 --out hepg2_fit/"],
    "profile": ["il6sim profile hepg2 --fit hepg2_fit/best_parameters.json --params K_SOCS3"],
    "calibrate": ["il6sim calibrate hepg2   # writes calibration-hepg2/"],
    "qpcr": ["il6sim qpcr examples/qpcr_cts.csv --reference GAPDH --control control"],
    "densitometry": ["il6sim densitometry examples/densitometry.csv --target pSTAT3 "
                     "--normalise-to STAT3 --control control"],
    "sweep": ["il6sim sweep examples/sweep_receptors.yaml -o sweep/"],
    "sensitivity": ["il6sim sensitivity examples/sweep_sensitivity.yaml -o sens/"],
    "population": ["il6sim population examples/sweep_population.yaml -o pop/"],
    "serve": ["il6sim serve   # then open http://127.0.0.1:8050/ in a browser"],
}


def help_section(name: str) -> str:
    """The lines appended to ``il6sim NAME --help`` (empty for a command without an example)."""
    lines = EXAMPLES.get(name)
    if not lines:
        return ""
    heading = "example:" if len(lines) == 1 else "examples:"
    return "\n" + heading + "\n" + "".join(f"  {line}\n" for line in lines)
